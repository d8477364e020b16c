# expect: FILE:9:22: error: None is not supported yet (python.md: None, is and is not)
import threading


def f():
    pass


t = threading.Thread(None, f)
