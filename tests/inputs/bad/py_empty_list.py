# expect: FILE:4:11: error: an empty list is not supported yet: lists that grow (x = [], x.append(v)) are python.md's; a shared list has a fixed size here, such as x = [0, 0] or x = [0] * n
import threading

threads = []
