import concurrent.futures
import threading


class Res:
    def __init__(self):
        self.used = 0
        self._lock = threading.Lock()

    def grab(self, k):
        self._lock.acquire()
        self.used = k


res = Res()
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
    ex.submit(res.grab, 1)
    ex.submit(res.grab, 2)
print(res.used)
