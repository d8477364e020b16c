"""
name: double-acquire-py
about: |
  The notes' "Deadlock" cell, as it is written there: the main thread
  acquires a plain Lock and then acquires it again. A Lock does not know
  its owner, so the second acquire waits for a release that can never come.
  (rlock_nested.py shows the RLock that allows this.) The twin of
  double_acquire.yaml.
expect:
  outputs: [["before first acquire", "before second acquire"]]
  races: false
  deadlock: true
  errors: false
  interleavings: 1
"""
import threading

l = threading.Lock()
print("before first acquire")
l.acquire()
print("before second acquire")
l.acquire()
print("acquired lock twice")
# Deadlock happened as second time it is trying to acquire lock.
