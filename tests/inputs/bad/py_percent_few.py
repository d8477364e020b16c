# expect: FILE:3:19: error: not enough arguments for format string
x = 0
print("%d and %d" % (x,))
