"""
name: main-function
about: |
  The notes' do_first/do_second example: a main() function creates two
  threads, starts them and joins them, and the module calls it under
  if __name__ == "__main__":. "One line of code is executed at a time at
  non-deterministic intervals": each thread's lines stay in order, and the
  two threads' lines interleave in all 6 ways.
expect:
  outputs:
    - ["Running do_first line 1", "Running do_first line 2", "Running do_second line 1", "Running do_second line 2"]
    - ["Running do_first line 1", "Running do_second line 1", "Running do_first line 2", "Running do_second line 2"]
    - ["Running do_first line 1", "Running do_second line 1", "Running do_second line 2", "Running do_first line 2"]
    - ["Running do_second line 1", "Running do_first line 1", "Running do_first line 2", "Running do_second line 2"]
    - ["Running do_second line 1", "Running do_first line 1", "Running do_second line 2", "Running do_first line 2"]
    - ["Running do_second line 1", "Running do_second line 2", "Running do_first line 1", "Running do_first line 2"]
  races: false
  deadlock: false
  errors: false
"""
import threading


def do_first():
    print("Running do_first line 1")
    print("Running do_first line 2")


def do_second():
    print("Running do_second line 1")
    print("Running do_second line 2")


def main():
    t1 = threading.Thread(target=do_first)
    t2 = threading.Thread(target=do_second)

    # Start threads
    t1.start()
    t2.start()

    # Wait threads to complete
    t1.join()
    t2.join()


if __name__ == "__main__":
    main()
