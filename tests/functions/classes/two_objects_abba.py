import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self._lock = threading.Lock()

    def move_to(self, other, amount):
        with self._lock:
            with other._lock:
                self.balance -= amount
                other.balance += amount


a = Account(10)
b = Account(20)
t1 = threading.Thread(target=a.move_to, args=(b, 5))
t2 = threading.Thread(target=b.move_to, args=(a, 7))
t1.start()
t2.start()
t1.join()
t2.join()
print(a.balance, b.balance)
