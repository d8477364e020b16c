# expect: FILE:3:7: error: %-formatted strings are only supported as arguments of print() for now
x = 3
msg = "%d items" % x
