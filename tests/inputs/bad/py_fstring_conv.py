# expect: FILE:3:16: error: f-string: invalid conversion character: expected 's', 'r', or 'a'
x = 0
print(f"x = {x!z}")
