# expect: FILE:3:7: error: printing an and/or of a bool and a number is not supported: CPython prints True/False or the number, whichever decides, and values here do not say which they are
x = 0
print(x > 0 or x)
