"""
name: condition-timeout-notify-py
about: |
  A notify used up by a waiter that has already timed out (python.md F2, as
  CPython's Condition does it). a waits with a timeout, b without one; n
  notifies once, after noting how many threads have gone to sleep. A timed
  wait gives up in a step of its own, but it stays in the condition's queue,
  in its place, until it has the lock back; a notify that reaches it then is
  used up, and a's wait still returns False. So n can notify while both
  sleep, a can still time out, and b sleeps on forever (and main with it,
  in b.join()). The twin of condition_timeout_notify.yaml, with main
  starting and joining the three.
expect:
  outputs:
    - ["a timed out", "b woken", "notified with 1 waiting"]
    - ["a timed out", "b woken", "notified with 2 waiting"]
    - ["a timed out", "notified with 1 waiting", "b woken"]
    - ["a timed out", "notified with 2 waiting", "b woken"]
    - ["b woken", "a timed out", "notified with 1 waiting"]
    - ["b woken", "a timed out", "notified with 2 waiting"]
    - ["b woken", "notified with 1 waiting", "a timed out"]
    - ["b woken", "notified with 2 waiting", "a timed out"]
    - ["notified with 1 waiting", "a timed out", "b woken"]
    - ["notified with 1 waiting", "b woken", "a timed out"]
    - ["notified with 2 waiting", "a timed out", "b woken"]
    - ["notified with 2 waiting", "b woken", "a timed out"]
    # deadlocks: b sleeps on, the notify gone before it or to a
    - ["a timed out", "notified with 0 waiting"]
    - ["a timed out", "notified with 1 waiting"]
    - ["a timed out", "notified with 2 waiting"]    # used up by a, which had timed out
    - ["a woken", "notified with 1 waiting"]
    - ["a woken", "notified with 2 waiting"]
    - ["notified with 0 waiting", "a timed out"]
    - ["notified with 1 waiting", "a timed out"]
    - ["notified with 1 waiting", "a woken"]
    - ["notified with 2 waiting", "a timed out"]    # used up by a, which had timed out
    - ["notified with 2 waiting", "a woken"]
  finals: [{waiting: 2}]
  deadlock: true
  races: false
  errors: false
  interleavings: 471683
"""
import threading

waiting = 0
c = threading.Condition()


def timed_waiter():
    global waiting
    with c:
        waiting += 1
        ok = c.wait(timeout=1)
    if ok:
        print("a woken")
    else:
        print("a timed out")


def waiter():
    global waiting
    with c:
        waiting += 1
        c.wait()
    print("b woken")


def notifier():
    with c:
        w = waiting
        c.notify()
    print("notified with", w, "waiting")


a = threading.Thread(target=timed_waiter)
b = threading.Thread(target=waiter)
n = threading.Thread(target=notifier)
a.start()
b.start()
n.start()
a.join()
b.join()
n.join()
