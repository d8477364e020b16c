# expect: FILE:2:10: error: a string in a formatted field is only supported as plain text, padded to a width, as {'...'}, {'...':>5} or %s: values are integers and bools
print(f"{'a'!r}")
