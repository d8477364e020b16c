# expect: FILE:9:29: error: worker() missing 1 required positional argument: 'j'
import threading


def worker(k, j):
    print(k)


t = threading.Thread(target=worker, args=(1,))
t.start()
