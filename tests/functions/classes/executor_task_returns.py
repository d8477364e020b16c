from concurrent.futures import ThreadPoolExecutor

total = 0


class Acc:
    def __init__(self, start):
        self.v = start

    def get(self, d):
        return self.v + d

    def push(self, d):
        global total
        total = total + self.get(d)
        return total


acc = Acc(1)
with ThreadPoolExecutor(max_workers=2) as pool:
    pool.submit(acc.push, 1)
    pool.submit(acc.get, 2)
print(total, acc.v)
