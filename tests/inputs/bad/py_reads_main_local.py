# expect: FILE:9:11: error: f() reads 'i', which main binds at line 4: only module-level variables given an int, bool or list value before the first start() are shared (other module variables are not supported yet)
import threading

for i in range(3):
    print(i)


def f():
    print(i)


t = threading.Thread(target=f)
t.start()
