# expect: FILE:9:39: error: list comprehensions are not supported yet (python.md: [e for v in it if c]): use a for statement
import threading


def f():
    pass


threads = [threading.Thread(target=f) for _ in range(3)]
