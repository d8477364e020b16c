"""
name: bank-withdraw-py
about: |
  The notes' race: two people withdraw from the same account at two ATMs,
  100 in the account, one takes 10 and the other 50. "End result will be
  Rs 50, but it should be Rs 40": exploring every interleaving shows three
  endings, 40 (one withdrawal after the other), and 90 or 50 when one update
  is lost. The twin of bank_withdraw.yaml, with main starting both threads.
expect:
  outputs:
    - []
  finals: [{balance: 40}, {balance: 50}, {balance: 90}]
  sometimes: "balance == 40"
  races: true
  deadlock: false
  errors: false
  interleavings: 69
"""
import threading

balance = 100


def withdraw_10():
    global balance
    b = balance
    if b >= 10:
        balance = b - 10


def withdraw_50():
    global balance
    c = balance
    if c >= 50:
        balance = c - 50


person1 = threading.Thread(target=withdraw_10)
person2 = threading.Thread(target=withdraw_50)
person1.start()
person2.start()
person1.join()
person2.join()
