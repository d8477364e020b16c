# expect: FILE:8:7: error: 'C' object has no attribute 'w' (attributes are the names its methods assign as self.w)
class C:
    def __init__(self):
        self.v = 0


c = C()
print(c.w)
