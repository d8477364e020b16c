"""
name: thread-names
about: |
  Thread names as CPython gives them: name= when given, otherwise
  Thread-N (target), N counting the threads created without a name; main is
  MainThread. Each worker greets with threading.current_thread().name in an
  f-string; main prints the names first. The two greetings come in either
  order.
expect:
  outputs:
    - ["Thread-1 (greet) reader MainThread", "hello from Thread-1 (greet)", "hello from reader"]
    - ["Thread-1 (greet) reader MainThread", "hello from reader", "hello from Thread-1 (greet)"]
  races: false
  deadlock: false
  errors: false
  interleavings: 5
"""
import threading


def greet():
    print(f"hello from {threading.current_thread().name}")


if __name__ == "__main__":
    first = threading.Thread(target=greet)
    second = threading.Thread(target=greet, name="reader")
    print(first.name, second.name, threading.current_thread().name)
    first.start()
    second.start()
    first.join()
    second.join()
