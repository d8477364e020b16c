# expect: FILE:3:8: error: invalid UTF-8 (byte 0xc3): a Python file must be UTF-8 text
print(1)
print('Ã')
