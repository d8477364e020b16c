"""
name: executor-map-results
about: |
  The notes' thread pool: executor.map(work_function, range(n)) hands each
  item to a worker and gives the results back in the items' order, whichever
  worker finishes first. (The notes collect them with list(...) and print
  the list; this version prints each result as the loop gets it.) One
  outcome: the order of the results does not depend on the interleaving.
expect:
  outputs: [["Result: 0", "Result: 1", "Result: 4", "Result: 9"]]
  races: false
  deadlock: false
  errors: false
  interleavings: 31284
"""
from concurrent.futures import ThreadPoolExecutor


def work_function(x):
    return x * x


with ThreadPoolExecutor(max_workers=2) as executor:
    for result in executor.map(work_function, range(4)):
        print("Result:", result)
