# expect: FILE:2:23: error: from threading import current_thread is not supported yet (this version knows Thread, Timer and the sync objects)
from threading import current_thread
