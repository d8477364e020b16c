# expect: FILE:5:19: error: floats are not supported: values are 64-bit integers (a float may only be an amount of time: time.sleep(0.5), timeout=0.5, a Timer's interval)
import threading

lock = threading.Lock()
ok = lock.acquire(0.5)
