# expect: FILE:3:7: error: '%x' in '%x' is not supported (supported: %s %r %a %d %i %u %%, with - 0 + space and a width)
x = 0
print("%x" % x)
