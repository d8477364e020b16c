# expect: FILE:9:5: error: using the function f as a value is not supported yet (python.md: functions)
import threading


def f():
    pass


g = f
