"""
name: event-signal-py
about: |
  The notes' event_setter / waiter pair, with data: the setter writes data
  and then calls event.set(); each of two waiters prints that it is waiting,
  calls event.wait(), and prints what it reads. wait() blocks while the
  event is clear and lets every waiter through once it is set, so no waiter
  passes early and each sees data = 42. The notes put time.sleep(2) in the
  setter, left out here: time is not modelled, only the order of
  set() and wait() matters. The twin of event_signal.yaml; the two waiters
  run the same function.
expect:
  outputs:
    - ["Waiting for event to be set.", "Event is set! data = 42", "Waiting for event to be set.", "Event is set! data = 42"]
    - ["Waiting for event to be set.", "Waiting for event to be set.", "Event is set! data = 42", "Event is set! data = 42"]
  finals: [{data: 42}]
  deadlock: false
  races: false
  errors: false
  interleavings: 4125
"""
import threading

data = 0
event = threading.Event()


def event_setter():
    global data
    data = 42
    event.set()


def waiter():
    print("Waiting for event to be set.")
    event.wait()
    print("Event is set! data =", data)


setter = threading.Thread(target=event_setter)
waiter0 = threading.Thread(target=waiter)
waiter1 = threading.Thread(target=waiter)

setter.start()
waiter0.start()
waiter1.start()
setter.join()
waiter0.join()
waiter1.join()
