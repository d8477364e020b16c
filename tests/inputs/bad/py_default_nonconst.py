# expect: FILE:5:12: error: a default value must be a number or True/False in this version
limit = 3


def f(a, b=limit):
    return a + b
