# expect: FILE:5:11: error: with ... as is not supported: write with m: and use m in the block
import threading

lock = threading.Lock()
with lock as held:
    print(1)
