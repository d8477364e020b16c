# expect: FILE:9:6: error: give the number of workers: ThreadPoolExecutor(max_workers=n) (the default depends on the machine's cores)
import concurrent.futures


def f():
    pass


with concurrent.futures.ThreadPoolExecutor() as ex:
    ex.submit(f)
