# expect: FILE:11:8: error: creating a sync object after main has started a thread (line 10) is not supported yet: create it before the first start()
import threading


def f():
    pass


t = threading.Thread(target=f)
t.start()
lock = threading.Lock()
