# expect: FILE:3:6: error: the is operator is not supported yet (python.md: is and is not, None)
x = 0
if x is None:
    print(x)
