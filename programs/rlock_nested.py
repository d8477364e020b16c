"""
name: rlock-nested-py
about: |
  nested_locking() from the notes: `with lock:` inside `with lock:`. With an
  RLock the owning thread may acquire it again, so there is no deadlock (a
  plain Lock would deadlock: see double_acquire.py). Two threads run it;
  each one's two lines always come together, because the other thread
  cannot take the lock in between. The twin of rlock_nested.yaml, with main
  starting both threads.
expect:
  outputs:
    - ["t1: acquired lock once", "t1: acquired lock again", "t2: acquired lock once", "t2: acquired lock again"]
    - ["t2: acquired lock once", "t2: acquired lock again", "t1: acquired lock once", "t1: acquired lock again"]
  races: false
  deadlock: false
  errors: false
  interleavings: 50
"""
import threading

lock = threading.RLock()


def nested_locking_1():
    with lock:
        print("t1: acquired lock once")
        with lock:
            print("t1: acquired lock again")


def nested_locking_2():
    with lock:
        print("t2: acquired lock once")
        with lock:
            print("t2: acquired lock again")


t1 = threading.Thread(target=nested_locking_1)
t2 = threading.Thread(target=nested_locking_2)
t1.start()
t2.start()
t1.join()
t2.join()
