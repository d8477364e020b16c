# expect: FILE:3:7: error: unsupported format character 'y' (0x79) at index 1
x = 0
print("%y" % x)
