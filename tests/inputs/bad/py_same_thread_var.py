# expect: FILE:10:1: error: 't' is already a thread (line 9): binding a module-level name to something else is not supported
import threading


def f():
    pass


t = threading.Thread(target=f)
t = threading.Thread(target=f)
