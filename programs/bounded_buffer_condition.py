"""
name: bounded-buffer-condition-py
about: |
  A bounded buffer guarded by a Condition: a shared list of 2 slots used as
  a ring (count items, put at tail, take at head). A thread that cannot go
  on (producer: buffer full; consumer: empty) calls c.wait(), which releases
  the condition's lock while it sleeps and takes it back before returning;
  so the test is a `while`, re-checked after every wake-up, never an `if`.
  After changing the buffer each side calls c.notify() to wake the other.
  The producer makes 3 items, one more than the buffer holds, so it must
  wait at least once in some interleavings; the consumer always gets 1, 2,
  3. The twin of bounded_buffer_condition.yaml, with main starting both.
expect:
  outputs:
    - ["consumed 1", "consumed 2", "consumed 3"]
  finals: [{buf: [3, 2], count: 0, head: 1, tail: 1}]
  always: "count == 0 and buf[0] == 3 and buf[1] == 2"
  deadlock: false
  races: false
  errors: false
  interleavings: 4796550522
"""
import threading

buf = [0, 0]
count = 0
head = 0
tail = 0
c = threading.Condition()


def produce():
    global count, tail
    for item in [1, 2, 3]:
        with c:
            while count == 2:
                c.wait()
            buf[tail] = item
            tail = (tail + 1) % 2
            count += 1
            c.notify()


def consume():
    global count, head
    for i in range(3):
        with c:
            while count == 0:
                c.wait()
            item = buf[head]
            head = (head + 1) % 2
            count -= 1
            c.notify()
        print("consumed", item)


producer = threading.Thread(target=produce)
consumer = threading.Thread(target=consume)
producer.start()
consumer.start()
producer.join()
consumer.join()
