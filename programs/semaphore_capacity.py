"""
name: semaphore-capacity-py
about: |
  A Semaphore(2) guards a resource with room for two users, say a server
  that takes two connections. Three users try to get in; `with semaphore:`
  is acquire (which waits while the counter is 0) and release. Inside, each
  user counts itself in and out of `inside` under a small Lock, so that only
  the semaphore limits who is inside. `assert inside <= 2` never fails, and
  some interleaving reaches peak == 2. The twin of semaphore_capacity.yaml:
  three threads run one function, and main starts them.
expect:
  outputs: [[]]
  finals: [{inside: 0, peak: 1}, {inside: 0, peak: 2}]
  always: "inside == 0 and peak <= 2"
  sometimes: "peak == 2"
  deadlock: false
  races: false
  errors: false
  interleavings: 472096369
"""
import threading

inside = 0
peak = 0
semaphore = threading.Semaphore(2)
m = threading.Lock()


def use_resource():
    global inside, peak
    with semaphore:
        with m:
            inside += 1
            assert inside <= 2
            if inside > peak:
                peak = inside
        with m:
            inside -= 1


user0 = threading.Thread(target=use_resource)
user1 = threading.Thread(target=use_resource)
user2 = threading.Thread(target=use_resource)
user0.start()
user1.start()
user2.start()
user0.join()
user1.join()
user2.join()
