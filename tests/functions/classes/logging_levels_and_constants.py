import logging
import threading

FMT = "%(levelname)s %(message)s"
GREETING = "hello %s"
x = 1


def w(k):
    global x
    logging.debug("debug %d", k)
    logging.error("error 100%")
    x = k
    logging.critical(GREETING, x)


if __name__ == "__main__":
    logging.basicConfig(format=FMT, level=logging.DEBUG)
    t = threading.Thread(target=w, args=(7,))
    t.start()
    logging.warning("x is %d and %s", x, x > 3)
    print(GREETING, x)
    t.join()
