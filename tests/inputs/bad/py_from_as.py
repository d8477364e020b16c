# expect: FILE:2:28: error: from ... import Lock as ... is not supported yet: import it under its own name
from threading import Lock as L
