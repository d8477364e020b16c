# expect: FILE:6:12: error: return with a value is not supported yet (python.md: return values)
import threading


def square():
    return 4 * 4


t = threading.Thread(target=square)
t.start()
