# expect: FILE:2:11: error: f-string: empty expression not allowed
print(f"a { } b")
