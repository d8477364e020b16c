# expect: FILE:3:1: error: name 'sleep' is not defined: import time and write time.sleep(x), or add `from time import sleep`
print(1)
sleep(1)
