# expect: FILE:10:11: error: futures (the result of ex.submit()) are not supported yet: submit(f, args) is supported as a statement
import concurrent.futures


def f():
    return 1


with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    fut = ex.submit(f)
