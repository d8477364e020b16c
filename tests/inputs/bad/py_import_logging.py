# expect: FILE:4:1: error: logging.getLogger() is not supported (supported: logging.basicConfig, debug, info, warning, error, critical)
import logging

logging.getLogger("x")
