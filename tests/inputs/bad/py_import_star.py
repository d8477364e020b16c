# expect: FILE:2:23: error: from threading import * is not supported: import the names you use
from threading import *
