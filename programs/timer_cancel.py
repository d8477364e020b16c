"""
name: timer-cancel-py
about: |
  threading.Timer(interval, function) runs function in its own thread once
  the interval has passed, unless cancel() comes first. main starts an
  alarm timer and then, changing its mind, cancels it. Time is not
  modelled, so the timer may fire at any step after start(): when cancel()
  comes before the fire step, the function never runs and only "main done"
  is printed; when the timer has already fired, cancel() does nothing and
  "ring!" is printed. join() waits for the timer thread either way, so
  "main done" is always last. The twin of timer_cancel.yaml.
expect:
  outputs:
    - ["main done"]
    - ["ring!", "main done"]
  finals: [{rang: 0}, {rang: 1}]
  sometimes: "rang == 0"
  deadlock: false
  races: false
  errors: false
  interleavings: 4
"""
import threading

rang = 0


def ring():
    global rang
    rang = 1
    print("ring!")


alarm = threading.Timer(2.5, ring)
alarm.start()
alarm.cancel()
alarm.join()
print("main done")
