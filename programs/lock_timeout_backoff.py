"""
name: lock-timeout-backoff-py
about: |
  The notes' other deadlock prevention, lock timeouts: t1 and t2 take a and
  b in opposite orders (deadlock_abba.py), but the second lock with
  acquire(timeout=0.5); on a timeout a thread releases its first lock (backs
  off) and retries, at most twice. No deadlock is reachable, yet progress is
  not guaranteed: both can back off in lockstep until they give up. Time is
  not modelled: a timed acquire may give up wherever it would block. The
  twin of lock_timeout_backoff.yaml, with main starting both threads.
expect:
  outputs:
    - []
    - ["t1 gave up"]
    - ["t1 gave up", "t2 gave up"]
    - ["t2 gave up"]
    - ["t2 gave up", "t1 gave up"]
  finals: [{done: 0}, {done: 1}, {done: 2}]
  sometimes: "done == 0"
  deadlock: false
  races: false
  errors: false
  interleavings: 1833528488
"""
import threading

done = 0
a = threading.Lock()
b = threading.Lock()


def a_then_b():
    global done
    got = False
    tries = 0
    while not got and tries < 2:
        tries += 1
        a.acquire()
        got = b.acquire(timeout=0.5)
        if got:
            done += 1
            b.release()
        a.release()
    if not got:
        print("t1 gave up")


def b_then_a():
    global done
    got = False
    tries = 0
    while not got and tries < 2:
        tries += 1
        b.acquire()
        got = a.acquire(timeout=0.5)
        if got:
            done += 1
            a.release()
        b.release()
    if not got:
        print("t2 gave up")


t1 = threading.Thread(target=a_then_b)
t2 = threading.Thread(target=b_then_a)
t1.start()
t2.start()
t1.join()
t2.join()
