# expect: FILE:3:11: error: a backslash in the docstring's YAML is not supported (Python reads it as an escape): write the expectations without one
"""
name: back\\slash
expect:
  outputs: [[1]]
"""
print(1)
