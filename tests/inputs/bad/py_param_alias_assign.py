# expect: FILE:8:5: error: worker() assigns its parameter 'lk', which is a sync object here: such a parameter cannot be assigned in this version (give the value another name)
import threading

lock = threading.Lock()


def worker(lk):
    lk = 1
    print(lk)


t = threading.Thread(target=worker, args=(lock,))
t.start()
