import concurrent.futures
import logging
import threading


class Box:
    def __init__(self):
        self.n = 0
        self._lock = threading.Lock()

    def put(self, k):
        with self._lock:
            self.n = self.n + 10 // k


box = Box()
with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    ex.submit(box.put, 0)
    ex.submit(box.put, 5)
    logging.info("inside %d", box.n)
logging.info("after %d", box.n)
