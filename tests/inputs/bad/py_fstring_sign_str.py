# expect: FILE:3:18: error: Sign not allowed in string format specifier
x = 0
print(f"x = {x!r:+5}")
