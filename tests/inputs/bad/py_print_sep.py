# expect: FILE:2:17: error: print(sep=...) is not supported yet (python.md: print(*args, sep=" ", end="\n"))
print(1, 2, sep=", ")
