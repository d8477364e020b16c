# expect: FILE:3:8: error: import logging is not supported yet (python.md: logging.info and the others): use print
import threading
import logging
