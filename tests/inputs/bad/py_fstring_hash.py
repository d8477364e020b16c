# expect: FILE:3:14: error: f-string expression part cannot include '#'
x = 0
print(f"a {x # no}")
