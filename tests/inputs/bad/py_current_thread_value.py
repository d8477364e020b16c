# expect: FILE:6:12: error: current_thread().name is only supported as an argument of print() or logging in this version (strings as values are not supported yet)
import threading


def worker():
    name = threading.current_thread().name
    print(name)


t = threading.Thread(target=worker)
t.start()
