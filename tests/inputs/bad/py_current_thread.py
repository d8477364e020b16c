# expect: FILE:6:11: error: threading.current_thread() is not supported yet (python.md: threading's functions, such as current_thread())
import threading


def f():
    print(threading.current_thread())


t = threading.Thread(target=f)
t.start()
