# expect: FILE:10:32: error: map()'s items must be numbers known when the program is loaded in this version
import concurrent.futures


def calc_square(numbers):
    print(numbers)


with concurrent.futures.ThreadPoolExecutor(max_workers=3) as executor:
    executor.map(calc_square, ([4, 5],))
