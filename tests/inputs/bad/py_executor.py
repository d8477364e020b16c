# expect: FILE:2:6: error: import concurrent.futures is not supported yet (python.md: ThreadPoolExecutor)
from concurrent.futures import ThreadPoolExecutor
