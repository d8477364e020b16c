# expect: FILE:9:1: error: a method call on a call's result is supported only as threading.Thread(...).start(): assign the result to a variable first
import threading


def worker():
    pass


threading.Thread(target=worker, daemon=True).join()
