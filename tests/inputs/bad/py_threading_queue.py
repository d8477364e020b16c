# expect: FILE:4:5: error: threading.Queue does not exist: Queue is in the queue module (queue.Queue)
import threading

q = threading.Queue(2)
print(1)
