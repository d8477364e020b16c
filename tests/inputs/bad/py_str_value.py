# expect: FILE:2:8: error: strings are only supported in print() and as an assert message: values are 64-bit integers
name = "Alice"
print(name)
