# expect: FILE:10:15: error: results = ex.map(...) is not supported yet: write for r in ex.map(...): to go over map's results
import concurrent.futures


def f(x):
    return x


with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    results = ex.map(f, range(3))
