# expect: FILE:9:24: error: ring() takes 0 positional arguments but 1 was given
import threading


def ring():
    pass


t = threading.Timer(1, ring, [1])
t.start()
