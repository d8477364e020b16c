"""
name: producer-consumer-locks-py
about: |
  The Real Python pipeline with two Locks: the producer may only write the
  one-message slot while it holds producer_lock, the consumer may only read
  it while it holds consumer_lock, and each hands the other its lock back.
  main takes consumer_lock first, so the consumer waits until a message is
  there. Each thread releases a Lock that another thread acquired: CPython
  allows this for Lock (not for RLock). -1 is the sentinel that ends the
  consumer. Every interleaving delivers 10 then 20, none lost or read twice;
  only the print order varies. The twin of producer_consumer_locks.yaml.
expect:
  outputs:
    - ["producing 10", "consumed 10", "producing 20", "consumed 20"]
    - ["producing 10", "producing 20", "consumed 10", "consumed 20"]
  finals: [{message: -1}]
  always: "message == -1"
  deadlock: false
  races: false
  errors: false
  interleavings: 653587227
"""
import threading

message = 0
producer_lock = threading.Lock()
consumer_lock = threading.Lock()


def produce():
    global message
    for m in [10, 20, -1]:
        if m != -1:
            print("producing", m)
        producer_lock.acquire()
        message = m
        consumer_lock.release()


def consume():
    got = 0
    while got != -1:
        consumer_lock.acquire()
        got = message
        producer_lock.release()
        if got != -1:
            print("consumed", got)


if __name__ == "__main__":
    consumer_lock.acquire()
    producer = threading.Thread(target=produce)
    consumer = threading.Thread(target=consume)
    producer.start()
    consumer.start()
    producer.join()
    consumer.join()
