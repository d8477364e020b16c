# expect: FILE:6:5: error: show() can reach the end of its body (line 3) without returning a value, and its result is used: None is not supported as a value yet
def show(a):
    print(a)


x = show(1)
