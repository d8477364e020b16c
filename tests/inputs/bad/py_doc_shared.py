# expect: FILE:4:1: error: 'shared:' does not belong in a Python file's docstring: its variables, sync objects and threads are the module's code
"""
name: yaml-habits
shared:
  x: 0
"""
print(1)
