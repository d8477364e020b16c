# expect: FILE:2:8: error: name 'Lock' is not defined: write threading.Lock() (import threading) or add `from threading import Lock`
lock = Lock()
print(1)
