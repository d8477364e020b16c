# expect: FILE:14:1: error: main() creates threads: it must take no arguments (def main():) in this version
import threading


def f():
    pass


def main(n):
    t = threading.Thread(target=f)
    t.start()


main(2)
