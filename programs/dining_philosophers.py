"""
name: dining-philosophers-py
about: |
  The dining philosophers, the notes' example of deadlock: five
  philosophers at a round table, a fork between each two, and each needs
  both of its forks to eat. Each takes the fork on its left (fork i), then
  the one on its right (fork i+1; philosopher 4: fork0), eats once, and puts
  both down. If all five pick up their left fork before anyone picks up a
  right one, each waits for its neighbour forever (and main for them): a
  deadlock, reachable though rare. Without args= (not in this version yet)
  each philosopher has a function of its own. The twin of
  dining_philosophers.yaml, with main starting the five;
  dining_philosophers_ordered.py fixes it.
expect:
  outputs: [[]]
  finals: [{ate: [0, 0, 0, 0, 0]}, {ate: [1, 1, 1, 1, 1]}]
  always: "ate[0] + ate[1] + ate[2] + ate[3] + ate[4] == 5"
  deadlock: true
  races: false
  errors: false
  interleavings: 13327466530033
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
    with fork4:
        with fork0:
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
