"""
name: fake-database-py
about: |
  FakeDatabase.update from the Real Python notes, without a lock: two
  updaters copy value, add one, sleep, and write it back. The notes' run
  ended with 1 instead of 2; here every interleaving is explored, and
  value = 1 is reachable. The notes keep value in a class and submit the
  updates to a ThreadPoolExecutor (not in this version yet); a module
  variable and two threads that main starts and joins are the same program.
  The twin of fake_database.yaml.
expect:
  outputs:
    - ["Testing update. Starting value is 0", "Testing update. Ending value is 1"]
    - ["Testing update. Starting value is 0", "Testing update. Ending value is 2"]
  finals: [{value: 1}, {value: 2}]
  sometimes: "value == 1"
  races: true
  deadlock: false
  errors: false
  interleavings: 251
"""
import threading
import time

value = 0


def update():
    global value
    local_copy = value
    local_copy += 1
    time.sleep(0.1)
    value = local_copy


if __name__ == "__main__":
    print("Testing update. Starting value is", value)
    updater0 = threading.Thread(target=update)
    updater1 = threading.Thread(target=update)
    updater0.start()
    updater1.start()
    updater0.join()
    updater1.join()
    print("Testing update. Ending value is", value)
