# expect: FILE:10:9: error: a Thread is created only as NAME = threading.Thread(...) at the top level of the module: threads in functions, loops and lists are not supported yet (python.md: threads as objects)
import threading


def f():
    pass


for i in range(3):
    t = threading.Thread(target=f)
    t.start()
