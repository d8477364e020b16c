# expect: FILE:2:1: error: try is not supported: a runtime error ends its thread and is reported
try:
    print(1)
except Exception:
    pass
