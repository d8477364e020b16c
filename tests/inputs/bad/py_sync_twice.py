# expect: FILE:5:1: error: 'lock' is already a sync object (line 4): binding a module-level name to something else is not supported
import threading

lock = threading.Lock()
lock = threading.Lock()
