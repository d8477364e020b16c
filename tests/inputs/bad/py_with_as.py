# expect: FILE:5:14: error: with ... as is only supported for concurrent.futures.ThreadPoolExecutor(...) in main's code: write with m: and use m in the block
import threading

lock = threading.Lock()
with lock as held:
    print(1)
