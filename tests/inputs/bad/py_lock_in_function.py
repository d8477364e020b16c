# expect: FILE:6:9: error: a Lock is created only as NAME = threading.Lock(...) at the top level of the module, before the first start(): sync objects in functions, loops and lists are not supported yet (python.md: sync objects as values)
import threading


def f():
    l = threading.Lock()


t = threading.Thread(target=f)
t.start()
