# expect: FILE:11:7: error: attribute access (obj.attr, such as t.name or self.value) is not supported yet (python.md: classes and attributes, threads as objects)
import threading


def worker():
    pass


t = threading.Thread(target=worker)
t.start()
print(t.name)
