# expect: FILE:10:5: error: ex.map() is not supported yet (python.md: submit, map, futures): this version has submit(f, args) as a statement
import concurrent.futures


def f(x):
    print(x)


with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    ex.map(f, range(3))
