# expect: FILE:2:18: error: import ... as is not supported yet: import threading and write threading.name
import threading as th
