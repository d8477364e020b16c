"""
name: threads-list-counter
about: |
  The notes' counter example without its lock: three threads built with a
  list comprehension, started and joined in loops, each doing
  temp = counter + 1; counter = temp, then main prints the result. Without
  the lock an update can be lost: the notes' "Final counter value" can be
  1, 2 or 3.
expect:
  outputs: [["Final counter value: 1"], ["Final counter value: 2"], ["Final counter value: 3"]]
  finals: [{counter: 1}, {counter: 2}, {counter: 3}]
  sometimes: "counter == 1"
  races: true
  deadlock: false
  errors: false
"""
import threading

counter = 0


def increment_counter():
    global counter
    temp = counter + 1
    counter = temp


threads = [threading.Thread(target=increment_counter) for _ in range(3)]

for thread in threads:
    thread.start()

for thread in threads:
    thread.join()

print("Final counter value:", counter)
