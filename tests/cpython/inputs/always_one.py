"""
name: always-one
about: |
  The harness's own test (tests/cpython/selftest.sh): t sets x to 1 and
  main joins t before it prints x, so CPython and the tool both give one
  outcome, "1" with x == 1. Its recorded reports always_one.*.json are
  deliberately wrong, each in one field.
expect:
  outputs: [["1"]]
  finals: [{x: 1}]
  races: false
"""
import threading

x = 0


def set_x():
    global x
    x = 1


t = threading.Thread(target=set_x)
t.start()
t.join()
print(x)
