# expect: FILE:3:16: error: f-string expression part cannot include a backslash
x = 0
print(f"a {x + \"b\"}")
