# expect: FILE:3:7: error: len() is not supported yet (python.md: str and lists)
items = [1, 2]
print(len(items))
