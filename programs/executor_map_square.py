"""
name: executor-map-square
about: |
  The notebook's ThreadPoolExecutor cell as written: executor.map(calc_square,
  ([4, 5],)) hands the one list [4, 5] to a worker (its results are not
  read). With calc_square's parameter in place it prints; the notes'
  pitfall, the same call to a calc_square without the parameter, is
  executor_map_pitfall.yaml (the TypeError is hidden by the executor).
  Three workers, one task: whichever worker takes it, the output is the
  same.
expect:
  outputs: [["calculate square numbers", "square: 16", "square: 25"]]
  races: false
  deadlock: false
  errors: false
  interleavings: 3
"""
import time
import threading
import concurrent.futures

def calc_square(numbers):
    print("calculate square numbers")
    for n in numbers:
        time.sleep(0.1)
        print('square:',n*n)

if __name__ == "__main__":
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as executor:
        executor.map(calc_square, ([4, 5],))
