# expect: FILE:3:16: error: print(end=...) must be a string literal, such as end=""
x = 0
print("a", end=x)
