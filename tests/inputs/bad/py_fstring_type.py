# expect: FILE:3:12: error: Unknown format code 's' for object of type 'int'
x = 0
print(f"{x:s}")
