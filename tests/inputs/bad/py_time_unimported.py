# expect: FILE:6:1: error: name 'time' is not defined: add `import time` at the top
def f():
    pass


time.sleep(1)
