# expect: FILE:2:7: error: tuples are only supported as a thread's arguments (Thread(target=f, args=(...))) in this version
print((1, 2))
