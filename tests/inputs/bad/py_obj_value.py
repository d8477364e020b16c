# expect: FILE:8:5: error: the object c as a value is not supported yet: use its attributes and methods, or pass it to a function or a thread (f(c), args=(c,))
class C:
    def __init__(self):
        self.v = 0


c = C()
d = c
