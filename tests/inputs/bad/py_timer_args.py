# expect: FILE:9:30: error: args= is not supported yet: a thread's function takes no parameters in this version (python.md: Timer(t, f, args=...))
import threading


def ring():
    pass


t = threading.Timer(1, ring, [1])
