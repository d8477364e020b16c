# expect: FILE:3:16: error: f-strings are only supported as arguments of print() for now
x = 3
assert x == 3, f"x is {x}"
