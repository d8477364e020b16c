# expect: FILE:2:8: error: import random is not supported yet (python.md: random.randint and random.choice)
import random
