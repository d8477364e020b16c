# expect: FILE:4:12: error: invalid float literal '1.5e'
import time

time.sleep(1.5e)
