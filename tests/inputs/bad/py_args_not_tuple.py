# expect: FILE:9:42: error: args= must be a tuple or list written out, such as args=(i,) or args=(lock, 3)
import threading


def worker(k):
    print(k)


t = threading.Thread(target=worker, args=1)
t.start()
