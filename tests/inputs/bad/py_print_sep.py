# expect: FILE:2:17: error: print(sep=...) must be a string literal, such as sep=", "
print(1, 2, sep=0)
