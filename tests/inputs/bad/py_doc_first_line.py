# expect: FILE:2:1: error: start the docstring's YAML on the line after the opening quotes
"""name: first
expect:
  outputs: [[1]]
"""
print(1)
