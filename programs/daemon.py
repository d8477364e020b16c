"""
name: daemon-py
about: |
  A daemon thread is stopped when the last non-daemon thread ends. One of the
  notes says the opposite ("the main thread stops running when the daemon
  threads complete"): the program exits as soon as main is done, and the
  daemon is cut off wherever it is. So the daemon's lines may be missing,
  but "main done" is always there and always last. The twin of daemon.yaml.
  (CPython can let a daemon print after main's last line, before the
  interpreter shuts down: python.md F1, not in this version.)
expect:
  outputs:
    - ["heartbeat 1", "heartbeat 2", "main done"]
    - ["heartbeat 1", "main done"]
    - ["main done"]
  races: false
  deadlock: false
  errors: false
  interleavings: 3
"""
import threading


def beat():
    print("heartbeat 1")
    print("heartbeat 2")


heartbeat = threading.Thread(target=beat, daemon=True)
heartbeat.start()
print("main done")
