# expect: FILE:3:12: error: format spec ':08,' is not supported (zero padding with a separator; supported: [[fill]align][sign][0][width][,|_][d] for a number, [[fill]align][0][width][s] after !s, !r or !a)
x = 0
print(f"{x:08,}")
