"""
name: print-formats-py
about: |
  print as the notes write it: an f-string with a format spec, % formatting
  (with %% for a percent sign), sep= and end=. Each job prints its heading
  with end=": ", which leaves the line open, then its result; the other
  job's print can come in between and carry the open line on, so a line
  can hold both headings and the other result lands on a line of its own.
  Main prints last, with sep=" | ". 19 interleavings (each job's two prints
  between its start() and its join()), 6 outcomes: the 4 orders in which
  the two headings come first, and the 2 in which one job prints both
  lines before the other begins. The twin of print_formats.yaml.
expect:
  outputs:
    - ["job  1: 25% done, 1 squared = +001", "job  2: 50% done, 2 squared = +004", "jobs | 2 |  False"]
    - ["job  1: job  2: 25% done, 1 squared = +001", "50% done, 2 squared = +004", "jobs | 2 |  False"]
    - ["job  1: job  2: 50% done, 2 squared = +004", "25% done, 1 squared = +001", "jobs | 2 |  False"]
    - ["job  2: 50% done, 2 squared = +004", "job  1: 25% done, 1 squared = +001", "jobs | 2 |  False"]
    - ["job  2: job  1: 25% done, 1 squared = +001", "50% done, 2 squared = +004", "jobs | 2 |  False"]
    - ["job  2: job  1: 50% done, 2 squared = +004", "25% done, 1 squared = +001", "jobs | 2 |  False"]
  races: false
  deadlock: false
  errors: false
  interleavings: 19
"""
import threading


def work(n):
    print(f"job {n:>2}", end=": ")
    print("%d%% done, %s squared" % (n * 25, n), f"{n * n:+04d}", sep=" = ")


t1 = threading.Thread(target=work, args=(1,))
t2 = threading.Thread(target=work, args=(2,))

t1.start()
t2.start()

t1.join()
t2.join()
print("jobs", 2, f"{t1.is_alive()!s:>6}", sep=" | ")
