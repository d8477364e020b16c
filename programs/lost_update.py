"""
name: lost-update-py
about: |
  The x = x + 1 race from the threading lecture, as the notes write it: two
  functions copy x into a local, add one and write it back, then print x;
  main starts both threads and joins them. Without a lock one update can
  overwrite the other, so the program can print 1 twice and end with x = 1.
  The twin of lost_update.yaml, whose threads start on their own: here main
  starts them, so there are more interleavings, and the same outcomes.
expect:
  outputs:
    - [1, 1]
    - [1, 2]
    - [2, 2]
  finals: [{x: 1}, {x: 2}]
  sometimes: "x == 1"
  races: true
  deadlock: false
  errors: false
  interleavings: 251
"""
import threading

x = 0


def on_thread_1():
    global x
    # below is essentially how the computer would evaluate x = x + 1
    a = x
    a = a + 1
    x = a
    print(x)


def on_thread_2():
    global x
    b = x
    b = b + 1
    x = b
    print(x)


t1 = threading.Thread(target=on_thread_1)
t2 = threading.Thread(target=on_thread_2)

t1.start()
t2.start()

t1.join()
t2.join()
