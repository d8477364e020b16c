# expect: FILE:12:9: error: the index of a list of threads must be a number known when the program is loaded (a literal or the counter of a for loop over range()): write for t in threads: ... instead
import threading

k = 1


def f():
    pass


threads = [threading.Thread(target=f) for i in range(3)]
threads[k].start()
