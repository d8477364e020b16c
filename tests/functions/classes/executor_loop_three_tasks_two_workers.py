import concurrent.futures
import logging

hits = 0


def work(k):
    global hits
    hits = hits + k


class Log:
    def __init__(self):
        self.last = 0

    def note(self, k):
        self.last = k
        logging.info("note %s", k)


log = Log()
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
    for i in range(2):
        executor.submit(work, i)
    executor.submit(log.note, 9)
logging.info("hits %d last %d", hits, log.last)
