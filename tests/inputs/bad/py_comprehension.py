# expect: FILE:2:18: error: list comprehensions are not supported yet (python.md: [e for v in it if c]): use a for statement
squares = [n * n for n in range(3)]
