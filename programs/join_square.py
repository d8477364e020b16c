"""
name: join-square
about: |
  The notebook's join example as written: calc_square gets its list through
  args=([1,2],). The list is made with the thread (named list@24 in the
  finals, after the line that writes it) and passed by name. One thread
  and main, which waits for it: one interleaving.
expect:
  outputs: [["calculate square numbers", "square: 1", "square: 4", "all done ..."]]
  races: false
  deadlock: false
  errors: false
  interleavings: 1
"""
import time
import threading

def calc_square(numbers):
    print("calculate square numbers")
    for n in numbers:
        time.sleep(0.1)
        print('square:',n*n)

t1 = threading.Thread( target = calc_square, args=([1,2],))
t1.start()
t1.join()
print ("all done ...")
