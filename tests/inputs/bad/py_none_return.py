# expect: FILE:5:5: error: pick() returns None here, and its result is used: None is not supported as a value yet
def pick(a):
    if a > 0:
        return 1
    return


x = pick(1)
