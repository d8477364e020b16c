# expect: FILE:12:18: error: a task's argument must be a number known when the program is loaded (a literal or a loop counter), a list, a sync object or an object in this version
import concurrent.futures

x = 1


def f(v):
    print(v)


with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    ex.submit(f, x)
