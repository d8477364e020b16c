"""
name: fake-database-locked-py
about: |
  FakeDatabase.locked_update: the same update as fake_database.py inside
  `with lock:`. The read, the sleep and the write now form one critical
  section, so the ending value is always 2. The twin of
  fake_database_locked.yaml.
expect:
  outputs:
    - ["Testing update. Starting value is 0", "Testing update. Ending value is 2"]
  finals: [{value: 2}]
  always: "value == 2"
  races: false
  deadlock: false
  errors: false
  interleavings: 50
"""
import threading
import time

value = 0
lock = threading.Lock()


def locked_update():
    global value
    with lock:
        local_copy = value
        local_copy += 1
        time.sleep(0.1)
        value = local_copy


if __name__ == "__main__":
    print("Testing update. Starting value is", value)
    updater0 = threading.Thread(target=locked_update)
    updater1 = threading.Thread(target=locked_update)
    updater0.start()
    updater1.start()
    updater0.join()
    updater1.join()
    print("Testing update. Ending value is", value)
