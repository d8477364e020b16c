# expect: FILE:3:7: error: printing a bool is not supported yet: CPython prints True or False, this version 1 or 0 (python.md: bool printed True/False)
done = False
print(done == False)
