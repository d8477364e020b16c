# expect: FILE:7:11: error: current_thread().name in an executor's task is not supported yet: which worker runs a task is a scheduling choice
import concurrent.futures
import threading


def work():
    print(threading.current_thread().name)


with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
    ex.submit(work)
