"""
name: fake-database-class-locked
about: |
  The notes' FakeDatabase with a Lock inside (self._lock) and its
  locked_update, as they write it, submitted twice to a ThreadPoolExecutor.
  The lock makes the update atomic: every interleaving ends with value 2
  and no race, but the logging lines of the two tasks interleave in 524
  different orders (debug lines print too: logging's level is ignored).
expect:
  finals: [{database.value: 2}]
  races: false
  deadlock: false
  errors: false
  interleavings: 15134938
"""
import concurrent.futures
import logging
import threading
import time


class FakeDatabase:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def locked_update(self, name):
        logging.info("Thread %s: starting update", name)
        logging.debug("Thread %s about to lock", name)
        with self._lock:
            logging.debug("Thread %s has lock", name)
            local_copy = self.value
            local_copy += 1
            time.sleep(0.1)
            self.value = local_copy
            logging.debug("Thread %s about to release lock", name)
        logging.debug("Thread %s after release", name)
        logging.info("Thread %s: finishing update", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")
    database = FakeDatabase()
    logging.info("Testing locked update. Starting value is %d.", database.value)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        for index in range(2):
            executor.submit(database.locked_update, index)
    logging.info("Testing locked update. Ending value is %d.", database.value)
