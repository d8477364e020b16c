# expect: FILE:1:1: error: the module runs no statement: main would do nothing (start the threads with t.start())
import threading

x = 0


def f():
    pass
