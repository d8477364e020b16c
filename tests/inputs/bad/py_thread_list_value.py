# expect: FILE:10:5: error: a list of threads is not a value in this version: use its elements (for t in threads: ..., threads[0])
import threading


def f():
    pass


threads = [threading.Thread(target=f) for i in range(2)]
x = threads
