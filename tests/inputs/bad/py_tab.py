# expect: FILE:6:1: error: tab in indentation: use spaces
import threading


def f():
	pass
