# expect: FILE:2:28: error: U+2028 is not supported in a Python file: YAML and the reports would count it as a line break
print(1)  # a comment with   in it
