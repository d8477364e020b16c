"""
name: producer-consumer-event-hang-py
about: |
  The Real Python producer-consumer with a Queue and an Event: the producer
  puts until main sets the event; the consumer loops while the event is
  clear or the queue is not empty (two ifs here: one sync call per
  statement) around a blocking get(). The queue is thread safe, as the notes
  say, but this protocol can hang: the consumer sees the event clear and the
  queue empty and waits in get(); then the event is set and the producer
  stops. Nothing wakes the consumer: a deadlock, main stuck in join. The
  loops are unbounded, so the count is infinite; producer_consumer_queue.py
  uses a sentinel instead. The twin of producer_consumer_event_hang.yaml.
expect:
  outputs: [[]]
  deadlock: true
  races: false
  errors: false
  interleavings: infinite
"""
import queue
import threading
import time

q = queue.Queue(maxsize=1)
event = threading.Event()


def produce():
    while not event.is_set():
        q.put(1)


def consume():
    while True:
        if event.is_set():
            if q.empty():
                break
        m = q.get()
        q.task_done()  # not in the notes: it keeps the queue's unfinished count bounded


if __name__ == "__main__":
    producer = threading.Thread(target=produce)
    consumer = threading.Thread(target=consume)
    producer.start()
    consumer.start()
    time.sleep(0.1)
    event.set()
    producer.join()
    consumer.join()
