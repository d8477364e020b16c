# expect: FILE:9:37: error: name='worker 1': a thread name of letters, digits, _, - and . (starting with a letter or _) is supported
import threading


def f():
    pass


t = threading.Thread(target=f, name="worker 1")
t.start()
