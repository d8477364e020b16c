# expect: FILE:2:7: error: name 'x' is used before it is assigned (at line 3)
print(x)
x = 0
