"""
name: fails
about: |
  The harness's own test: t's assert fails (an uncaught exception, seen by
  threading.excepthook), main goes on, prints, and its own assert fails
  too. One outcome, status error, with both errors and their lines.
expect:
  outputs: [["after"]]
  errors: true
"""
import threading

x = 0


def check():
    assert x == 1


t = threading.Thread(target=check)
t.start()
t.join()
print("after")
assert x == 2
