# expect: FILE:3:6: error: the in operator is not supported yet (python.md: lists with in)
x = [1, 2]
if 1 in x:
    print(1)
