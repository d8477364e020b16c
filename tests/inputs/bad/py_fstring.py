# expect: FILE:8:9: error: f-strings are only supported as arguments of print() for now
import threading

x = 0


def f():
    y = f"x is {x}"


t = threading.Thread(target=f)
t.start()
