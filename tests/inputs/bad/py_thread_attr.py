# expect: FILE:11:7: error: t.ident is not supported yet (python.md: threads as objects, t.name)
import threading


def worker():
    pass


t = threading.Thread(target=worker)
t.start()
print(t.ident)
