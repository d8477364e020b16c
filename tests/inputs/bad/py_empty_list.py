# expect: FILE:5:1: error: only threads can be appended to threads in this version (lists that grow, other than lists of threads, are not supported yet)
import threading

threads = []
threads.append(1)
