# expect: FILE:2:1: error: only `if __name__ == "__main__":` is supported with __name__
if __name__ == "lesson":
    print(1)
