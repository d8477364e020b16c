# expect: FILE:2:9: error: tuples are not supported yet (python.md: tuples)
print((1, 2))
