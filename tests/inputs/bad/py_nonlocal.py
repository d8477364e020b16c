# expect: FILE:6:5: error: nonlocal is not supported (python.md: no closures)
import threading


def f():
    nonlocal x
