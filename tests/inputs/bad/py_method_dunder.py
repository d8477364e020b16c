# expect: FILE:3:9: error: the method __str__ is not supported: a class has __init__ and methods of its own (python.md: classes)
class C:
    def __str__(self):
        return 1
