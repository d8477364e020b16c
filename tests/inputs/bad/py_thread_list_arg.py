# expect: FILE:9:41: error: a list passed to a thread or a task must be a list of numbers written out, such as [1, 2], in this version
import threading


def show(xs):
    print(xs)


t = threading.Thread(target=show, args=([1, [2]],))
t.start()
