"""
name: square-cube
about: |
  The notes' calc_square and calc_cube threads, each given the same list
  with args=(arr,). Each prints its heading, then a line per number; the
  time.sleep(0.1) between them is a step (time is not modelled), and the
  notes' timing print (time.time()) is left out. Every order of the two
  threads' lines is possible, each thread's own lines stay in order.
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
  finals: [{arr: [2, 3]}]
  races: false
  deadlock: false
  errors: false
  interleavings: 48619
"""
import time
import threading


def calc_square(numbers):
    print("calculate square numbers")
    for n in numbers:
        time.sleep(0.1)
        print('square:', n * n)


def calc_cube(numbers):
    print("calculate cube of numbers")
    for n in numbers:
        time.sleep(0.1)
        print('cube:', n * n * n)


arr = [2, 3]

t1 = threading.Thread(target=calc_square, args=(arr,))
t2 = threading.Thread(target=calc_cube, args=(arr,))

t1.start()
t2.start()

t1.join()  # Tells the process to wait until it finishes t1
t2.join()  # Tells the process to wait until it finishes t2

print("Hah... I am done with all my work now!")
