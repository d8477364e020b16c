# expect: FILE:3:12: error: expected '}' after the f-string's field, got 'y'
x = 0
print(f"{x y}")
