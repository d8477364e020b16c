"""
name: dining-philosophers-ordered-py
about: |
  The fix for dining_philosophers.py: number the forks and always take the
  lower-numbered fork first. Philosophers 0-3 are unchanged; philosopher 4
  now takes fork0 before fork4. A cycle of philosophers each waiting for the
  next one's fork would need someone to hold a higher-numbered fork while
  waiting for a lower one, which nobody does now, so no deadlock is
  reachable and every interleaving ends with all five fed (the notes' "lock
  ordering" prevention). The twin of dining_philosophers_ordered.yaml.
expect:
  outputs: [[]]
  finals: [{ate: [1, 1, 1, 1, 1]}]
  always: "ate[0] + ate[1] + ate[2] + ate[3] + ate[4] == 5"
  deadlock: false
  races: false
  errors: false
  interleavings: 21887587980315
"""
import threading

ate = [0, 0, 0, 0, 0]
fork0 = threading.Lock()
fork1 = threading.Lock()
fork2 = threading.Lock()
fork3 = threading.Lock()
fork4 = threading.Lock()


def philosopher_0():
    with fork0:
        with fork1:
            ate[0] = 1


def philosopher_1():
    with fork1:
        with fork2:
            ate[1] = 1


def philosopher_2():
    with fork2:
        with fork3:
            ate[2] = 1


def philosopher_3():
    with fork3:
        with fork4:
            ate[3] = 1


def philosopher_4():
    with fork0:
        with fork4:
            ate[4] = 1


phil0 = threading.Thread(target=philosopher_0)
phil1 = threading.Thread(target=philosopher_1)
phil2 = threading.Thread(target=philosopher_2)
phil3 = threading.Thread(target=philosopher_3)
phil4 = threading.Thread(target=philosopher_4)
phil0.start()
phil1.start()
phil2.start()
phil3.start()
phil4.start()
phil0.join()
phil1.join()
phil2.join()
phil3.join()
phil4.join()
