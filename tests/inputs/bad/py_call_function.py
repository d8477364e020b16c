# expect: FILE:7:5: error: calling main() is not supported yet: a function runs only as a thread's target (python.md: functions with parameters and return values)
def main():
    print("hello")


if __name__ == "__main__":
    main()
