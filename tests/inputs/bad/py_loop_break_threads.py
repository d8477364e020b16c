# expect: FILE:13:9: error: 'break' in a loop that creates or starts threads is not supported yet
import threading


def f():
    pass


for i in range(3):
    t = threading.Thread(target=f)
    t.start()
    if i == 1:
        break
