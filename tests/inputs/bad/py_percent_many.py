# expect: FILE:3:12: error: not all arguments converted during string formatting
x = 0
print("%d" % (x, x))
