import threading


class Flag:
    """No __init__: creating it is one step; attributes start as 0."""

    def raise_it(self):
        self.up = 1

    def show(self):
        print(self.up)


flag = Flag()
t1 = threading.Thread(target=flag.raise_it)
t2 = threading.Thread(target=flag.show)
t1.start()
t2.start()
t1.join()
t2.join()
print(flag.up)
