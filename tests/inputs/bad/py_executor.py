# expect: FILE:4:12: error: a ThreadPoolExecutor is supported as `with ThreadPoolExecutor(max_workers=n) as executor:` in main's code (python.md: the executor)
from concurrent.futures import ThreadPoolExecutor

executor = ThreadPoolExecutor(max_workers=2)
