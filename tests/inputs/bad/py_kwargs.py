# expect: FILE:9:44: error: dicts and sets ({...}) are not supported
import threading


def worker(k):
    print(k)


t = threading.Thread(target=worker, kwargs={"k": 1})
t.start()
