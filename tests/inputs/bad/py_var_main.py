# expect: FILE:2:1: error: 'main' cannot be a shared variable in this version: the name is the module's own thread, main
main = 0
print(main)
