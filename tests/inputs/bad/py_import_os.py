# expect: FILE:2:8: error: import os is not supported: a program imports threading, queue and time
import os
