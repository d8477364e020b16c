# expect: FILE:9:60: error: a condition in a list comprehension of threads is not supported yet
import threading


def f():
    pass


threads = [threading.Thread(target=f) for i in range(3) if i > 0]
threads[0].start()
