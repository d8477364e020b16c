# expect: FILE:3:15: error: print(file=...) is not supported: everything printed goes to the program's output
x = 0
print(1, file=x)
