# expect: FILE:3:1: error: 'return' outside function
print(1)
return
