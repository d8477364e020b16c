# expect: FILE:4:29: error: Thread(): the function to run must be the name of a function defined with def at module level, before this line
import threading

t = threading.Thread(target=work)


def work():
    pass
