# expect: FILE:9:37: error: Timer() got an unexpected keyword argument 'daemon' (supported: interval, function, args)
import threading


def ring():
    pass


t = threading.Timer(1, ring, daemon=True)
