# expect: FILE:5:1: error: classes are not supported yet (python.md: class C with __init__ and methods)
import threading


class FakeDatabase:
    def __init__(self):
        self.value = 0
