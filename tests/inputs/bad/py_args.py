# expect: FILE:9:29: error: f() takes 0 positional arguments but 1 was given
import threading


def f():
    pass


t = threading.Thread(target=f, args=(1,))
t.start()
