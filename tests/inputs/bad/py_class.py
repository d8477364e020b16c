# expect: FILE:9:20: error: inheritance is not supported: class FakeDatabase: or class FakeDatabase(object): (python.md: classes)
import threading


class Base:
    pass


class FakeDatabase(Base):
    def __init__(self):
        self.value = 0
