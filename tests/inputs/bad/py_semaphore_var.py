# expect: FILE:5:25: error: Semaphore(): the argument must be an integer literal
import threading

n = 2
s = threading.Semaphore(n)
