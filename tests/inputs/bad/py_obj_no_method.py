# expect: FILE:8:1: error: 'C' object has no attribute 'bump'
class C:
    def __init__(self):
        self.v = 0


c = C()
c.bump()
