# expect: FILE:6:5: error: add() takes 2 positional arguments but 3 were given
def add(a, b=1):
    return a + b


x = add(1, 2, 3)
