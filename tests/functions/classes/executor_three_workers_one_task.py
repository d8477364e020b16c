import concurrent.futures
import threading

x = 0


def task(k):
    global x
    x = x + k


with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
    ex.submit(task, 4)
    print(x)
print(x)
