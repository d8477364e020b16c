# expect: FILE:3:12: error: the width in format spec ':99999' is too large (limit 4096)
x = 0
print(f"{x:99999}")
