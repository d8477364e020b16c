# expect: FILE:5:25: error: Condition(lock): the lock must be a Lock or RLock created before it
import threading

e = threading.Event()
c = threading.Condition(e)
