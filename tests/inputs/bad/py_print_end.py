# expect: FILE:2:25: error: print(end=...) is not supported yet (python.md: print(*args, sep=" ", end="\n"))
print("no newline", end="")
