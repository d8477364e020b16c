# expect: FILE:3:11: error: f-string: expecting '}'
x = 0
print(f"a {x b")
