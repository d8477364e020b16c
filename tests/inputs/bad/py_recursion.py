# expect: FILE:4:9: error: recursive calls are not supported yet: count() calls itself (each call is compiled in place)
def count(n):
    if n > 0:
        count(n - 1)


count(3)
