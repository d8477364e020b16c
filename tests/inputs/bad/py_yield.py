# expect: FILE:6:5: error: yield is not supported (python.md: no generators)
import threading


def gen():
    yield 1
