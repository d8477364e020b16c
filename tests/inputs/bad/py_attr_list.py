# expect: FILE:4:22: error: an attribute holds an int or bool in this version (lists and strings as attributes are not supported yet)
class C:
    def __init__(self):
        self.items = [0, 0]


c = C()
