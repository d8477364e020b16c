# expect: FILE:9:39: error: daemon= must be True or False
import threading


def f():
    pass


t = threading.Thread(target=f, daemon=2)
