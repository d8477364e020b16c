# expect: FILE:11:7: error: t.name is not supported yet (python.md: threads as objects, t.name)
import threading


def worker():
    pass


t = threading.Thread(target=worker)
t.start()
print(t.name)
