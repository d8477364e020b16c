"""
name: locked-counter-py
about: |
  The notes' "Using Locks for Thread Synchronization" example, as written:
  ten threads started from a list in a loop, each incrementing a shared
  counter under a Lock, then joined in a second loop. The lock makes
  read-add-write one critical section, so every interleaving ends with
  counter = 10. Twin of locked_counter.yaml (whose threads start on their
  own): the same outcomes; the loops' headers are steps of main here, so
  the counts differ (tests/twins.py compares the outcomes).
expect:
  outputs: [[]]
  finals: [{counter: 10}]
  always: "counter == 10"
  races: false
  deadlock: false
  errors: false
"""
import threading

# This is shared between all threads
counter = 0
lock = threading.Lock()


def increment_counter():
    global counter
    lock.acquire()
    temp = counter + 1
    counter = temp
    lock.release()


threads = []
for i in range(10):
    thread = threading.Thread(target=increment_counter)
    threads.append(thread)
    thread.start()

for thread in threads:
    thread.join()
