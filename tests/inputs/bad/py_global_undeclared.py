# expect: FILE:6:12: error: global total: 'total' must be a module-level variable given an int, bool or list value before the first start(), such as total = 0 (other module variables are not supported yet)
import threading


def f():
    global total
    total = 1


t = threading.Thread(target=f)
t.start()
