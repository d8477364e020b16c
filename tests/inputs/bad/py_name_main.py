# expect: FILE:9:37: error: name='main': that is the module's own thread
import threading


def f():
    pass


t = threading.Thread(target=f, name="main")
t.start()
