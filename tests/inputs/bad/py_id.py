# expect: FILE:2:7: error: the name id is not supported (in YAML programs it is a thread's instance number; the builtin id() is not modelled)
print(id)
