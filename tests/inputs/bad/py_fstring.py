# expect: FILE:7:11: error: f-strings are not supported yet (python.md: f-strings): print("x =", x) prints its items separated by spaces
import threading


def f():
    x = 1
    print(f"x is {x}")
