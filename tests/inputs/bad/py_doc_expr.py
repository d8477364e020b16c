# expect: FILE:5:16: error: expected an expression, got end of input
"""
name: expr
expect:
  always: "x =="
"""
x = 0
print(x)
