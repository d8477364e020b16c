import threading


class Gate:
    def __init__(self):
        self.count = 0
        self._r = threading.RLock()
        self._s = threading.Semaphore(1)
        self._e = threading.Event()

    def inner(self):
        with self._r:
            self.count += 1

    def outer(self):
        with self._r:
            self.inner()
        self._e.set()

    def wait_then(self):
        self._e.wait()
        with self._s:
            print(self.count)


g = Gate()
t1 = threading.Thread(target=g.outer)
t2 = threading.Thread(target=g.wait_then)
t1.start()
t2.start()
t1.join()
t2.join()
