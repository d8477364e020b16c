"""
name: deadlock-abba-py
about: |
  Lock-order inversion: t1 takes a then b, t2 takes b then a. If each gets
  its first lock before the other's second acquire, both wait forever (and
  main with them, in join). Taking the locks in one global order (both a
  then b) removes the deadlock. The twin of deadlock_abba.yaml.
expect:
  outputs:
    - []
  finals: [{done: 0}, {done: 2}]
  races: false
  deadlock: true
  errors: false
  interleavings: 90
"""
import threading

done = 0
a = threading.Lock()
b = threading.Lock()


def a_then_b():
    global done
    with a:
        with b:
            done += 1


def b_then_a():
    global done
    with b:
        with a:
            done += 1


t1 = threading.Thread(target=a_then_b)
t2 = threading.Thread(target=b_then_a)
t1.start()
t2.start()
t1.join()
t2.join()
