# expect: FILE:3:1: error: the block after 'if' on line 3 has no statement that runs (only strings or global declarations): add pass
x = 1
if x:
    "only a string"
