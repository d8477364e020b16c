# expect: FILE:9:32: error: args= is not supported yet: a thread's function takes no parameters in this version (python.md: Thread(target=f, args=(...)))
import threading


def f():
    pass


t = threading.Thread(target=f, args=(1,))
t.start()
