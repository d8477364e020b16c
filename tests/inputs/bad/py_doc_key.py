# expect: FILE:4:1: error: unknown docstring key 'expcet' (expected one of: name, about, expect, print)
"""
name: typo
expcet:
  outputs: [[1]]
"""
print(1)
