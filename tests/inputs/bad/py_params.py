# expect: FILE:5:12: error: functions with parameters are not supported yet (python.md: def f(a, b=1))
import threading


def worker(n, delay=1):
    print(n)
