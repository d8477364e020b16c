"""
name: print-torn-py
about: |
  Two threads each print one line. As long as a print is one step (the
  default, --print=atomic) the lines come in either order. CPython's print
  writes its text and then its end (the newline) in two writes, and with
  unbuffered output another thread's print can come in between: the two
  texts then share a line, and the two newlines make an empty last line.
  This program says `print: cpython` (python.md F3): each print is three
  steps (its arguments, its text, its end). The twin of print_torn.yaml,
  whose threads start on their own: here main starts and joins them, so
  there are more interleavings (69), and the same 4 outcomes.
print: cpython
expect:
  outputs:
    - [ping, pong]
    - [pingpong, ""]
    - [pong, ping]
    - [pongping, ""]
  races: false
  deadlock: false
  errors: false
  interleavings: 69
"""
import threading


def ping():
    print("ping")


def pong():
    print("pong")


t1 = threading.Thread(target=ping)
t2 = threading.Thread(target=pong)

t1.start()
t2.start()

t1.join()
t2.join()
