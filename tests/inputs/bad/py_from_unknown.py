# expect: FILE:2:23: error: from threading import enumerate is not supported yet (this version knows Thread, Timer, current_thread and the sync objects)
from threading import enumerate
