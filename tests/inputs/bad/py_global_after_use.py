# expect: FILE:7:11: error: name 'x' is used prior to global declaration (line 8)
import threading
x = 0


def f():
    print(x)
    global x
    x = 1


t = threading.Thread(target=f)
t.start()
