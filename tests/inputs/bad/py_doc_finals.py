# expect: FILE:5:13: error: finals: 'y' is not a shared variable
"""
name: finals
expect:
  finals: [{y: 1}]
"""
x = 0
print(x)
