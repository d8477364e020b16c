# expect: FILE:3:7: error: incomplete format in '50%'
x = 0
print("50%" % x)
