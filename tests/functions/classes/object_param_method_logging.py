import logging
import threading

total = 0


class Stats:
    def __init__(self):
        self.value = 1

    def log_total(self, k):
        global total
        total = k
        logging.warning("total set to %d by %s", total, k)


def via(o, k):
    o.log_total(k)


stats = Stats()
t1 = threading.Thread(target=via, args=(stats, 1))
t2 = threading.Thread(target=via, args=(stats, 2))
t1.start()
t2.start()
t1.join()
t2.join()
print(total, stats.value)
