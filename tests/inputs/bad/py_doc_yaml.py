# expect: FILE:6:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at 5:12)
"""
name: broken
expect:
  outputs: [[1]
"""
print(1)
