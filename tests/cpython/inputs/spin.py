"""
name: spin
about: |
  The harness's own test: t loops until stop is set, which nothing does.
  The CPython run never ends but is busy all along: a timeout, not a
  deadlock (its frames move and it uses the CPU). The tool finds no end
  state either: no outcome, no deadlock.
expect:
  outputs: []
  deadlock: false
"""
import threading

stop = 0


def spin():
    while stop == 0:
        pass


t = threading.Thread(target=spin)
t.start()
t.join()
