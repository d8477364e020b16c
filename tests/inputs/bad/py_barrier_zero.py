# expect: FILE:4:23: error: barrier needs at least 1 party
import threading

b = threading.Barrier(0)
