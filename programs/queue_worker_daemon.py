"""
name: queue-worker-daemon
about: |
  The notes' queue of work: a daemon worker started with
  threading.Thread(target=worker, daemon=True).start() takes items forever,
  main puts three items and q.join() waits until each was marked done. One
  outcome: the single worker processes them in order, and main ends while
  the worker waits for a fourth item (a daemon: the interpreter's shutdown
  stops it, python.md F1). The notes put ten items; three keep it small.
expect:
  outputs: [["Processing 0", "Processing 1", "Processing 2"]]
  races: false
  deadlock: false
  errors: false
  interleavings: 24344
"""
import threading
from queue import Queue

q = Queue()


def worker():
    while True:
        item = q.get()
        print(f"Processing {item}")
        q.task_done()


threading.Thread(target=worker, daemon=True).start()

for item in range(3):
    q.put(item)

q.join()  # Block until all tasks are done
