import logging
import threading


class Counter:
    def __init__(self, start=5):
        self.value = start

    def inc(self, d=1):
        self.value = self.value + d
        return self.value

    def twice(self):
        return self.inc() + self.inc(d=2)


counter = Counter()
t1 = threading.Thread(target=counter.twice)
t1.start()
v = counter.inc(10)
logging.info("main got %d", v)
t1.join()
print(counter.value)
