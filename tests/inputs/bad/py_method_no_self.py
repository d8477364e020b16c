# expect: FILE:3:9: error: method m() needs self as its first parameter
class C:
    def m():
        pass
