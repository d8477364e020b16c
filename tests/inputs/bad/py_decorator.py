# expect: FILE:2:1: error: decorators are not supported (python.md: no decorators)
@staticmethod
def f():
    pass
