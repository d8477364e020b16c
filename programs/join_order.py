"""
name: join-order-py
about: |
  calc_square and calc_cube from the notes, started by main and joined.
  Their lines interleave in every possible order (the notes show just one),
  but main's last line always comes last, because join() waits for each
  thread to finish. The notes pass the numbers as args=(arr,) (not in this
  version yet) and use [2, 3, 8, 9]; here each function loops over [2, 3],
  which keeps the list of outcomes short. The twin of join_order.yaml.
expect:
  outputs:
    - ["calculate cube of numbers", "calculate square numbers", "cube: 8", "cube: 27", "square: 4", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "calculate square numbers", "cube: 8", "square: 4", "cube: 27", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "calculate square numbers", "cube: 8", "square: 4", "square: 9", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "calculate square numbers", "square: 4", "cube: 8", "cube: 27", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "calculate square numbers", "square: 4", "cube: 8", "square: 9", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "calculate square numbers", "square: 4", "square: 9", "cube: 8", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "cube: 8", "calculate square numbers", "cube: 27", "square: 4", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "cube: 8", "calculate square numbers", "square: 4", "cube: 27", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "cube: 8", "calculate square numbers", "square: 4", "square: 9", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate cube of numbers", "cube: 8", "cube: 27", "calculate square numbers", "square: 4", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "calculate cube of numbers", "cube: 8", "cube: 27", "square: 4", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "calculate cube of numbers", "cube: 8", "square: 4", "cube: 27", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "calculate cube of numbers", "cube: 8", "square: 4", "square: 9", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "calculate cube of numbers", "square: 4", "cube: 8", "cube: 27", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "calculate cube of numbers", "square: 4", "cube: 8", "square: 9", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "calculate cube of numbers", "square: 4", "square: 9", "cube: 8", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "square: 4", "calculate cube of numbers", "cube: 8", "cube: 27", "square: 9", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "square: 4", "calculate cube of numbers", "cube: 8", "square: 9", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "square: 4", "calculate cube of numbers", "square: 9", "cube: 8", "cube: 27", "Hah... I am done with all my work now!"]
    - ["calculate square numbers", "square: 4", "square: 9", "calculate cube of numbers", "cube: 8", "cube: 27", "Hah... I am done with all my work now!"]
  races: false
  deadlock: false
  errors: false
  interleavings: 48619
"""
import time
import threading


def calc_square():
    print("calculate square numbers")
    for n in [2, 3]:
        time.sleep(0.1)
        print('square:', n * n)


def calc_cube():
    print("calculate cube of numbers")
    for n in [2, 3]:
        time.sleep(0.1)
        print('cube:', n * n * n)


t1 = threading.Thread(target=calc_square)
t2 = threading.Thread(target=calc_cube)

t1.start()
t2.start()

t1.join()  # Tells the process to wait until it finishes t1
t2.join()  # Tells the process to wait until it finishes t2

print("Hah... I am done with all my work now!")
