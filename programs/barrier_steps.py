"""
name: barrier-steps-py
about: |
  A Barrier(3) keeps three workers in step: each prints its phase 1 line,
  waits at the barrier, then prints its phase 2 line; main starts them from
  a loop with args=(i,) and joins them. Every "phase 1" line comes before
  every "phase 2" line: 36 outputs and no other. Twin of barrier_steps.yaml
  (tests/twins.py compares the outcomes: main's loop headers are steps here).
expect:
  outputs:
    - ["phase 1: worker 0", "phase 1: worker 1", "phase 1: worker 2", "phase 2: worker 0", "phase 2: worker 1", "phase 2: worker 2"]
    - ["phase 1: worker 0", "phase 1: worker 1", "phase 1: worker 2", "phase 2: worker 0", "phase 2: worker 2", "phase 2: worker 1"]
    - ["phase 1: worker 0", "phase 1: worker 1", "phase 1: worker 2", "phase 2: worker 1", "phase 2: worker 0", "phase 2: worker 2"]
    - ["phase 1: worker 0", "phase 1: worker 1", "phase 1: worker 2", "phase 2: worker 1", "phase 2: worker 2", "phase 2: worker 0"]
    - ["phase 1: worker 0", "phase 1: worker 1", "phase 1: worker 2", "phase 2: worker 2", "phase 2: worker 0", "phase 2: worker 1"]
    - ["phase 1: worker 0", "phase 1: worker 1", "phase 1: worker 2", "phase 2: worker 2", "phase 2: worker 1", "phase 2: worker 0"]
    - ["phase 1: worker 0", "phase 1: worker 2", "phase 1: worker 1", "phase 2: worker 0", "phase 2: worker 1", "phase 2: worker 2"]
    - ["phase 1: worker 0", "phase 1: worker 2", "phase 1: worker 1", "phase 2: worker 0", "phase 2: worker 2", "phase 2: worker 1"]
    - ["phase 1: worker 0", "phase 1: worker 2", "phase 1: worker 1", "phase 2: worker 1", "phase 2: worker 0", "phase 2: worker 2"]
    - ["phase 1: worker 0", "phase 1: worker 2", "phase 1: worker 1", "phase 2: worker 1", "phase 2: worker 2", "phase 2: worker 0"]
    - ["phase 1: worker 0", "phase 1: worker 2", "phase 1: worker 1", "phase 2: worker 2", "phase 2: worker 0", "phase 2: worker 1"]
    - ["phase 1: worker 0", "phase 1: worker 2", "phase 1: worker 1", "phase 2: worker 2", "phase 2: worker 1", "phase 2: worker 0"]
    - ["phase 1: worker 1", "phase 1: worker 0", "phase 1: worker 2", "phase 2: worker 0", "phase 2: worker 1", "phase 2: worker 2"]
    - ["phase 1: worker 1", "phase 1: worker 0", "phase 1: worker 2", "phase 2: worker 0", "phase 2: worker 2", "phase 2: worker 1"]
    - ["phase 1: worker 1", "phase 1: worker 0", "phase 1: worker 2", "phase 2: worker 1", "phase 2: worker 0", "phase 2: worker 2"]
    - ["phase 1: worker 1", "phase 1: worker 0", "phase 1: worker 2", "phase 2: worker 1", "phase 2: worker 2", "phase 2: worker 0"]
    - ["phase 1: worker 1", "phase 1: worker 0", "phase 1: worker 2", "phase 2: worker 2", "phase 2: worker 0", "phase 2: worker 1"]
    - ["phase 1: worker 1", "phase 1: worker 0", "phase 1: worker 2", "phase 2: worker 2", "phase 2: worker 1", "phase 2: worker 0"]
    - ["phase 1: worker 1", "phase 1: worker 2", "phase 1: worker 0", "phase 2: worker 0", "phase 2: worker 1", "phase 2: worker 2"]
    - ["phase 1: worker 1", "phase 1: worker 2", "phase 1: worker 0", "phase 2: worker 0", "phase 2: worker 2", "phase 2: worker 1"]
    - ["phase 1: worker 1", "phase 1: worker 2", "phase 1: worker 0", "phase 2: worker 1", "phase 2: worker 0", "phase 2: worker 2"]
    - ["phase 1: worker 1", "phase 1: worker 2", "phase 1: worker 0", "phase 2: worker 1", "phase 2: worker 2", "phase 2: worker 0"]
    - ["phase 1: worker 1", "phase 1: worker 2", "phase 1: worker 0", "phase 2: worker 2", "phase 2: worker 0", "phase 2: worker 1"]
    - ["phase 1: worker 1", "phase 1: worker 2", "phase 1: worker 0", "phase 2: worker 2", "phase 2: worker 1", "phase 2: worker 0"]
    - ["phase 1: worker 2", "phase 1: worker 0", "phase 1: worker 1", "phase 2: worker 0", "phase 2: worker 1", "phase 2: worker 2"]
    - ["phase 1: worker 2", "phase 1: worker 0", "phase 1: worker 1", "phase 2: worker 0", "phase 2: worker 2", "phase 2: worker 1"]
    - ["phase 1: worker 2", "phase 1: worker 0", "phase 1: worker 1", "phase 2: worker 1", "phase 2: worker 0", "phase 2: worker 2"]
    - ["phase 1: worker 2", "phase 1: worker 0", "phase 1: worker 1", "phase 2: worker 1", "phase 2: worker 2", "phase 2: worker 0"]
    - ["phase 1: worker 2", "phase 1: worker 0", "phase 1: worker 1", "phase 2: worker 2", "phase 2: worker 0", "phase 2: worker 1"]
    - ["phase 1: worker 2", "phase 1: worker 0", "phase 1: worker 1", "phase 2: worker 2", "phase 2: worker 1", "phase 2: worker 0"]
    - ["phase 1: worker 2", "phase 1: worker 1", "phase 1: worker 0", "phase 2: worker 0", "phase 2: worker 1", "phase 2: worker 2"]
    - ["phase 1: worker 2", "phase 1: worker 1", "phase 1: worker 0", "phase 2: worker 0", "phase 2: worker 2", "phase 2: worker 1"]
    - ["phase 1: worker 2", "phase 1: worker 1", "phase 1: worker 0", "phase 2: worker 1", "phase 2: worker 0", "phase 2: worker 2"]
    - ["phase 1: worker 2", "phase 1: worker 1", "phase 1: worker 0", "phase 2: worker 1", "phase 2: worker 2", "phase 2: worker 0"]
    - ["phase 1: worker 2", "phase 1: worker 1", "phase 1: worker 0", "phase 2: worker 2", "phase 2: worker 0", "phase 2: worker 1"]
    - ["phase 1: worker 2", "phase 1: worker 1", "phase 1: worker 0", "phase 2: worker 2", "phase 2: worker 1", "phase 2: worker 0"]
  deadlock: false
  races: false
  errors: false
"""
import threading

b = threading.Barrier(3)


def worker(i):
    print("phase 1: worker", i)
    b.wait()
    print("phase 2: worker", i)


workers = []
for i in range(3):
    w = threading.Thread(target=worker, args=(i,))
    workers.append(w)
    w.start()

for w in workers:
    w.join()
