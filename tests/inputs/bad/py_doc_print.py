# expect: FILE:4:8: error: print: expected atomic (a print is one step) or cpython (its arguments, text and end in three steps, as CPython's), got a sequence
"""
name: p
print: [cpython]
"""
print(1)
