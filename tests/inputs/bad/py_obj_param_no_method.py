# expect: FILE:11:5: error: 'acct' (the object a) has no method withdraw()
import threading


class Account:
    def __init__(self):
        self.balance = 0


def spend(acct):
    acct.withdraw(5)


a = Account()
t = threading.Thread(target=spend, args=(a,))
t.start()
