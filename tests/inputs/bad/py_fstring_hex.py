# expect: FILE:3:12: error: format spec ':#x' is not supported ('#'; supported: [[fill]align][sign][0][width][,|_][d] for a number, [[fill]align][0][width][s] after !s, !r or !a)
x = 0
print(f"{x:#x}")
