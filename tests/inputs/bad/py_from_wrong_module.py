# expect: FILE:2:23: error: Queue is not in the threading module: from queue import Queue
from threading import Queue
