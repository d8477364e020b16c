"""
name: cashiers-py
about: |
  The two cashiers from the threading demo: both enter an order for fries
  and a strawberry milkshake at once. Each order is shown on the screen by
  the griddle as two lines and takes its items out of the inventory. With no
  lock both critical sections go wrong: half of one order can be shown, then
  half of the other, and an inventory update can be lost (fries -= 1 is a
  read and a write), leaving 9 instead of 8. The twin of cashiers.yaml, with
  main starting both cashiers; cashiers_locked.py fixes it.
expect:
  outputs:
    - ["cashier 1: fries", "cashier 1: strawberry milkshake", "cashier 2: fries", "cashier 2: strawberry milkshake"]
    - ["cashier 1: fries", "cashier 2: fries", "cashier 1: strawberry milkshake", "cashier 2: strawberry milkshake"]
    - ["cashier 1: fries", "cashier 2: fries", "cashier 2: strawberry milkshake", "cashier 1: strawberry milkshake"]
    - ["cashier 2: fries", "cashier 1: fries", "cashier 1: strawberry milkshake", "cashier 2: strawberry milkshake"]
    - ["cashier 2: fries", "cashier 1: fries", "cashier 2: strawberry milkshake", "cashier 1: strawberry milkshake"]
    - ["cashier 2: fries", "cashier 2: strawberry milkshake", "cashier 1: fries", "cashier 1: strawberry milkshake"]
  finals:
    - {fries: 8, milkshakes: 8}
    - {fries: 8, milkshakes: 9}
    - {fries: 9, milkshakes: 8}
    - {fries: 9, milkshakes: 9}
  sometimes: "fries == 9"
  deadlock: false
  races: true
  errors: false
  interleavings: 3431
"""
import threading

fries = 10
milkshakes = 10


def order_1():
    global fries, milkshakes
    print("cashier 1: fries")
    print("cashier 1: strawberry milkshake")
    fries -= 1
    milkshakes -= 1


def order_2():
    global fries, milkshakes
    print("cashier 2: fries")
    print("cashier 2: strawberry milkshake")
    fries -= 1
    milkshakes -= 1


cashier1 = threading.Thread(target=order_1)
cashier2 = threading.Thread(target=order_2)
cashier1.start()
cashier2.start()
cashier1.join()
cashier2.join()
