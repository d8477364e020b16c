# expect: FILE:11:11: error: fut as a value is not supported yet: call its methods (result, done)
import concurrent.futures


def f():
    return 1


with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    fut = ex.submit(f)
    print(fut)
