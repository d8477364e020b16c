"""
name: cashiers-locked-py
about: |
  cashiers.py with its two critical sections protected: a Lock for the
  screen, held while an order's two lines are printed, so they always appear
  together, and a Lock for the inventory, held for the read-modify-write of
  both counts, so no update is lost and 8 of each are left. The twin of
  cashiers_locked.yaml, with main starting both cashiers.
expect:
  outputs:
    - ["cashier 1: fries", "cashier 1: strawberry milkshake", "cashier 2: fries", "cashier 2: strawberry milkshake"]
    - ["cashier 2: fries", "cashier 2: strawberry milkshake", "cashier 1: fries", "cashier 1: strawberry milkshake"]
  finals: [{fries: 8, milkshakes: 8}]
  always: "fries == 8 and milkshakes == 8"
  deadlock: false
  races: false
  errors: false
  interleavings: 10145
"""
import threading

fries = 10
milkshakes = 10
screen = threading.Lock()
inventory = threading.Lock()


def order_1():
    global fries, milkshakes
    with screen:
        print("cashier 1: fries")
        print("cashier 1: strawberry milkshake")
    with inventory:
        fries -= 1
        milkshakes -= 1


def order_2():
    global fries, milkshakes
    with screen:
        print("cashier 2: fries")
        print("cashier 2: strawberry milkshake")
    with inventory:
        fries -= 1
        milkshakes -= 1


cashier1 = threading.Thread(target=order_1)
cashier2 = threading.Thread(target=order_2)
cashier1.start()
cashier2.start()
cashier1.join()
cashier2.join()
