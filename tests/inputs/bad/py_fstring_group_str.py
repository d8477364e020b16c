# expect: FILE:3:14: error: Cannot specify ',' with 's'.
x = 0
print(f"{x!s:,}")
