"""
name: executor-futures
about: |
  Futures of a ThreadPoolExecutor: three tasks submitted from a list
  comprehension, their results read in submission order. Each result() waits
  for its task, so the squares always print as 0, 1, 4; but the tasks also
  add to a module variable without a lock, and the total printed after the
  with can be anything from 0 to 3 (a lost update: the three tasks add 0, 1
  and 2).
expect:
  outputs:
    - ["0", "1", "4", "total: 0"]
    - ["0", "1", "4", "total: 1"]
    - ["0", "1", "4", "total: 2"]
    - ["0", "1", "4", "total: 3"]
  races: true
  deadlock: false
  errors: false
  interleavings: 105769942
"""
import concurrent.futures

total = 0


def work_function(x):
    global total
    total += x
    return x * x


if __name__ == "__main__":
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(work_function, i) for i in range(3)]
        for future in futures:
            print(future.result())
    print("total:", total)
