# expect: FILE:3:1: error: list methods (items.append()) are not supported yet: a shared list has a fixed size in this version (python.md: lists)
items = [1, 2]
items.append(3)
