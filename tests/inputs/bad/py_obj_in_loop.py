# expect: FILE:11:9: error: an object is created as NAME = C(...), a statement of main's code run once (not in a loop, an if, a function or a thread) in this version
import threading


class C:
    def __init__(self):
        self.v = 0


for i in range(2):
    c = C()
