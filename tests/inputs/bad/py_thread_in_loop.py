# expect: FILE:11:16: error: a loop that creates or starts threads must go over range() of numbers known when the program is loaded
import threading

n = 3


def f():
    pass


for i in range(n):
    t = threading.Thread(target=f)
    t.start()
