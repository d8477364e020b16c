# expect: FILE:10:1: error: t.daemon is not supported yet: pass daemon=True to threading.Thread
import threading


def worker():
    pass


t = threading.Thread(target=worker)
t.daemon = True
t.start()
