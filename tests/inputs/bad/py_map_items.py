# expect: FILE:12:32: error: map()'s items must be numbers known when the program is loaded, or lists of numbers, in this version
import concurrent.futures

x = 3


def calc_square(n):
    print(n * n)


with concurrent.futures.ThreadPoolExecutor(max_workers=3) as executor:
    executor.map(calc_square, (x,))
