# expect: FILE:6:5: error: def inside a block is not supported: define functions at module level (python.md: no closures)
import threading


def outer():
    def inner():
        pass
