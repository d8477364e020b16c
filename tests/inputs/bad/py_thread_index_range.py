# expect: FILE:10:1: error: IndexError: list index out of range (threads has 3 threads here)
import threading


def f():
    pass


threads = [threading.Thread(target=f) for i in range(3)]
threads[3].start()
