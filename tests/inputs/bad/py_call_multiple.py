# expect: FILE:6:14: error: add() got multiple values for argument 'a'
def add(a, b=1):
    return a + b


x = add(1, a=2)
