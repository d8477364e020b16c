# expect: FILE:2:8: error: name 'threading' is not defined: add `import threading` at the top
lock = threading.Lock()
print(1)
