# expect: FILE:3:1: error: 'name' is a string constant (line 2): strings that change are not supported yet
name = "Alice"
name = "Bob"
print(name)
