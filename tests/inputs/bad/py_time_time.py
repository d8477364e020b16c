# expect: FILE:4:9: error: time.time() is not supported: time is not modelled (time.sleep(x) is a step with no effect)
import time

start = time.time()
