# expect: FILE:11:11: error: fut.exception() is not supported yet (a Future has result() and done() in this version)
import concurrent.futures


def f():
    return 1


with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    fut = ex.submit(f)
    print(fut.exception())
