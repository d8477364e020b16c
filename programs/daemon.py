"""
name: daemon-py
about: |
  A daemon thread is not waited for. One of the notes says the opposite
  ("the main thread stops running when the daemon threads complete"): the
  program exits soon after main is done, and the daemon is cut off
  wherever it is then. As in CPython (python.md F1), the daemon may still
  take a step or two after main's last line, until the interpreter shuts
  down (the `<shutdown>` step); so "main done" is always printed, but not
  always last, and the daemon's lines may be missing. The twin of
  daemon.yaml. (The first version stopped the daemon the moment main
  ended: 3 interleavings, 3 outcomes; now 6 and 6.)
expect:
  outputs:
    - ["heartbeat 1", "heartbeat 2", "main done"]
    - ["heartbeat 1", "main done"]
    - ["heartbeat 1", "main done", "heartbeat 2"]
    - ["main done"]
    - ["main done", "heartbeat 1"]
    - ["main done", "heartbeat 1", "heartbeat 2"]
  races: false
  deadlock: false
  errors: false
  interleavings: 6
"""
import threading


def beat():
    print("heartbeat 1")
    print("heartbeat 2")


heartbeat = threading.Thread(target=beat, daemon=True)
heartbeat.start()
print("main done")
