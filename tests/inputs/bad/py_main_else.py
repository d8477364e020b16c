# expect: FILE:4:1: error: else after if __name__ == "__main__": is not supported: that code never runs when the file is the program
if __name__ == "__main__":
    print(1)
else:
    print(2)
