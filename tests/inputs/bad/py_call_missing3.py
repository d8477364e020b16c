# expect: FILE:6:5: error: add() missing 3 required positional arguments: 'a', 'b', and 'c'
def add(a, b, c):
    return a + b + c


x = add()
