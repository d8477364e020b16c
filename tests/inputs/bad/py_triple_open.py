# expect: FILE:2:1: error: unterminated triple-quoted string literal
"""
name: open

print(1)
