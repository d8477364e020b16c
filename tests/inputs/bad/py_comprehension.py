# expect: FILE:2:11: error: list comprehensions are only supported to build a list of threads in the module's code in this version ([Thread(target=f, args=(i,)) for i in range(n)])
squares = [n * n for n in range(3)]
