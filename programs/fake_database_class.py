"""
name: fake-database-class
about: |
  The notes' FakeDatabase, exactly as they write it: a class whose update
  copies self.value, adds one, sleeps and writes it back, two updates
  submitted to a ThreadPoolExecutor in the middle of main, and logging lines
  with %-formatted arguments (logging's format, level and timestamps are
  ignored: each call prints its message). The notes' run ended with "Ending
  value is 1."; every interleaving is explored here, and both 1 and 2 are
  reachable. The executor's workers are w0 and w1; each update is a task.
  (fake_database.py is the same program flattened to two threads.)
expect:
  finals: [{database.value: 1}, {database.value: 2}]
  races: true
  deadlock: false
  errors: false
  interleavings: 260432
"""
import concurrent.futures
import logging
import threading
import time


class FakeDatabase:
    def __init__(self):
        self.value = 0

    def update(self, name):
        logging.info("Thread %s: starting update", name)
        local_copy = self.value
        local_copy += 1
        time.sleep(0.1)
        self.value = local_copy
        logging.info("Thread %s: finishing update", name)

if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO,
                        datefmt="%H:%M:%S")

    database = FakeDatabase()
    logging.info("Testing update. Starting value is %d.", database.value)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        for index in range(2):
            executor.submit(database.update, index)
    logging.info("Testing update. Ending value is %d.", database.value)
