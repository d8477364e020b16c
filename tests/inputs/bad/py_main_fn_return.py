# expect: FILE:12:5: error: 'return' in a function whose code creates threads is not supported yet: let it reach its end
import threading


def f():
    pass


def main():
    t = threading.Thread(target=f)
    t.start()
    return


main()
