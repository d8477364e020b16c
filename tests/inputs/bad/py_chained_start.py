# expect: FILE:9:45: error: a method call on a call's result (such as threading.Thread(...).start()) is not supported yet: assign the result to a variable first
import threading


def worker():
    pass


threading.Thread(target=worker, daemon=True).start()
