# expect: FILE:2:8: error: import os is not supported: a program imports threading, queue, time, logging and concurrent.futures
import os
