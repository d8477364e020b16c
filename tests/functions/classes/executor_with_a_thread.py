import concurrent.futures
import threading


class Stats:
    def __init__(self):
        self.hits = 0
        self.seen = 0

    def hit(self, k):
        self.hits += k

    def look(self):
        self.seen = self.hits


stats = Stats()
t = threading.Thread(target=stats.look)
t.start()
with concurrent.futures.ThreadPoolExecutor(max_workers=1) as executor:
    for i in range(2):
        executor.submit(stats.hit, i + 1)
t.join()
print(stats.hits, stats.seen)
