# expect: FILE:6:5: error: add() missing 1 required positional argument: 'b'
def add(a, b, c=0):
    return a + b + c


x = add(1)
