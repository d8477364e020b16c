"""
name: producer-consumer-queue-py
about: |
  The Real Python pipeline on a Queue (it locks internally: no Lock of ours)
  and an Event that main sets to stop the producer. The queue holds 2, so
  the producer may run ahead and waits in put() when it is full. The notes'
  producer loops until the event; this one makes at most 3 messages so every
  interleaving ends. The consumer stops at the sentinel 0 the producer puts
  last, never waiting in get() for a message that will not come (compare
  producer_consumer_event_hang.py). The twin of producer_consumer_queue.yaml.
expect:
  outputs:
    - []
    - ["stored 1"]
    - ["stored 1", "stored 2"]
    - ["stored 1", "stored 2", "stored 3"]
  deadlock: false
  races: false
  errors: false
  interleavings: 368486946
"""
from queue import Queue
from threading import Event, Thread
from time import sleep

q = Queue(maxsize=2)
event = Event()


def produce():
    m = 1
    while m <= 3:
        if event.is_set():
            break
        q.put(m)
        m += 1
    q.put(0)


def consume():
    m = q.get()
    while m != 0:
        print("stored", m)
        m = q.get()


if __name__ == "__main__":
    producer = Thread(target=produce)
    consumer = Thread(target=consume)
    producer.start()
    consumer.start()
    sleep(0.1)
    event.set()
    producer.join()
    consumer.join()
