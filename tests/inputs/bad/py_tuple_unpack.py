# expect: FILE:2:2: error: tuple unpacking (a, b = ...) is not supported: assign one variable per statement
a, b = 1, 2
