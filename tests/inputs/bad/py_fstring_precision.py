# expect: FILE:3:16: error: format spec ':.2f' is not supported (a precision; supported: [[fill]align][sign][0][width][,|_][d] for a number, [[fill]align][0][width][s] after !s, !r or !a)
x = 0
print(f"x = {x:.2f}")
