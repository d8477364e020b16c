# expect: FILE:5:12: error: *args and **kwargs parameters are not supported (python.md: def f(a, b=1))
import threading


def worker(*names):
    print(1)
