"""
name: hang
about: |
  The harness's own test: t acquires its lock twice and waits forever, and
  main waits for t in join. Every CPython run hangs after "started"; the
  tool's one outcome is that deadlock.
expect:
  outputs: [["started"]]
  deadlock: true
"""
import threading

l = threading.Lock()


def twice():
    l.acquire()
    l.acquire()


t = threading.Thread(target=twice)
t.start()
print("started")
t.join()
