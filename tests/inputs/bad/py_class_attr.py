# expect: FILE:3:5: error: a class body holds methods (def m(self, ...):), a docstring and pass in this version: class attributes are not supported yet
class C:
    count = 0

    def __init__(self):
        self.v = 0
