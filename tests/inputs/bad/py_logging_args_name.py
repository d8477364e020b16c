# expect: FILE:5:14: error: logging.info(msg, args): the message must be a string literal in this version
import logging

m = 3
logging.info(m, 1)
