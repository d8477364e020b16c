# expect: FILE:8:5: error: assigning 'counter' in increment() makes it a local variable of increment() (Python's rule), hiding the module-level counter: not supported yet; write `global counter` first to assign the module's variable
import threading

counter = 0


def increment():
    counter = counter + 1


t = threading.Thread(target=increment)
t.start()
