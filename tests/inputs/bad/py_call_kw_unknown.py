# expect: FILE:6:14: error: add() got an unexpected keyword argument 'c'
def add(a, b=1):
    return a + b


x = add(1, c=2)
