# expect: FILE:11:43: error: a thread's argument must be a number, True/False, or a module-level sync object, list or thread in this version
import threading

n = 2


def worker(k):
    print(k)


t = threading.Thread(target=worker, args=(n + 1,))
t.start()
