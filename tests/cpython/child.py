# tests/cpython/child.py - one CPython run of a program for tests/cpython/run.py.
#
#   python3 -I -S child.py CODE PROGRAM SIDE NAMES TIMED STALL HARD
#
# CODE is the program with time.sleep(0) between its statements (run.py's
# transform), compiled by run.py under the name PROGRAM (so that every line
# of a traceback is the program's own) and marshalled; NAMES and TIMED are
# comma-separated lists (variables, line numbers). It runs as the module
# __main__ with sys.setswitchinterval(1e-6). Its stdout is the program's
# (line-buffered, as at a terminal, whatever run.py reads it from); at
# the end a Python literal (run.py reads it with ast.literal_eval) goes to
# the file SIDE:
#
#   {"status": "ended" | "deadlock" | "timeout",
#    "final": {NAME: value, ...},      the module's variables named in NAMES
#    "errors": ["t1: AssertionError at line 10", ...],
#    "alive": [thread names]}          non-daemon threads left (deadlock, timeout)
#
# "ended": the interpreter's own shutdown joined every non-daemon thread
# (the dump is an atexit function, which CPython runs after that join, while
# daemon threads may still be running). "deadlock": a watchdog (a daemon
# thread of this file) saw no thread of the program move for STALL seconds:
# every thread's stack at the same instructions, none in a timed wait
# (TIMED: the program's lines with a call that has a timeout or sleeps, and
# threading/queue frames with a positive `timeout`), none running or
# waiting for a CPU (state R in /proc: a machine under load can starve a
# thread, not stop it), and the threads' own CPU clocks still (under 2 ms in
# all). "timeout": the program had not ended after HARD seconds, something
# moving or waiting with a timeout. The watchdog dumps and leaves with
# os._exit(0). No site (-S) and no module this file can do without (json,
# re), so that a run starts fast.
import atexit
import marshal
import os
import sys
import threading
import time
import types

CODE, PROGRAM, SIDE, NAMES, TIMED, STALL, HARD = sys.argv[1:8]
NAMES = [n for n in NAMES.split(",") if n]
TIMED = {int(n) for n in TIMED.split(",") if n}
STALL = float(STALL)
HARD = float(HARD)
POLL = 0.02

module = types.ModuleType("__main__")
module.__file__ = PROGRAM
env = module.__dict__
errors = []
dumped = threading.Lock()


def default_name(name):
    """Whether CPython made this name up: "Thread-3", "Thread-3 (f)"."""
    n = name[len("Thread-"):].split(" (")[0] if name.startswith("Thread-") else ""
    return n.isdigit() and (name == "Thread-" + n or name.endswith(")"))


def thread_name(t):
    """The thread's name as the tool reports it: main, name= when given,
    otherwise the module variable that holds the Thread."""
    if t is threading.main_thread():
        return "main"
    if t.name and not default_name(t.name):
        return t.name
    for k, v in list(env.items()):
        if v is t:
            return k
    return t.name


def record(t, exc_type, tb):
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == PROGRAM:
            line = tb.tb_lineno
        tb = tb.tb_next
    errors.append("%s: %s at line %d" % (thread_name(t), exc_type.__name__, line))


hook = threading.excepthook


def excepthook(args):
    record(args.thread, args.exc_type, args.exc_traceback)
    hook(args)


threading.excepthook = excepthook


def value(v):
    if isinstance(v, (bool, int)):
        return v
    if isinstance(v, list):
        return [value(x) for x in v]
    return repr(v)


def dump(status):
    if not dumped.acquire(blocking=False):
        return
    alive = [thread_name(t) for t in threading.enumerate()
             if t is not watchdog_thread and not t.daemon and t.is_alive()
             and not (status == "ended" and t is threading.main_thread())]
    final = {}
    for k in NAMES:  # a module variable, or an object's attribute (database.value)
        head, _, attr = k.partition(".")
        if head in env and (not attr or hasattr(env[head], attr)):
            final[k] = value(getattr(env[head], attr) if attr else env[head])
    with open(SIDE, "w") as f:
        f.write(repr({"status": status, "final": final, "errors": errors, "alive": alive}))
    sys.stdout.flush()


def timed_wait(frame):
    """Whether this stack is in a wait that ends by itself (a timeout, a sleep)."""
    while frame is not None:
        code = frame.f_code
        if code.co_filename == PROGRAM:
            if frame.f_lineno in TIMED:
                return True
        elif os.path.basename(code.co_filename) in ("threading.py", "queue.py"):
            t = frame.f_locals.get("timeout")
            if isinstance(t, (int, float)) and not isinstance(t, bool) and t > 0:
                return True
        frame = frame.f_back
    return False


def snapshot():
    me = threading.get_ident()
    snap = {}
    timed = False
    for tid, frame in sys._current_frames().items():
        if tid == me:
            continue
        stack = []
        f = frame
        while f is not None:
            stack.append((id(f.f_code), f.f_lasti))
            f = f.f_back
        snap[tid] = tuple(stack)
        timed = timed or timed_wait(frame)
    return snap, timed


def cpu():
    """The CPU time the program's threads have used (each thread's own clock:
    a blocked thread's stands still, a busy one's runs even when, as with a
    loop around sleep(0), it is always seen at the same instruction)."""
    total = 0.0
    for t in threading.enumerate():
        if t is watchdog_thread or t.ident is None:
            continue
        try:
            total += time.clock_gettime(time.pthread_getcpuclockid(t.ident))
        except OSError:  # it has just ended: that is a move
            total += 1.0
    return total


def running():
    """Whether a thread of the program is running or waiting for a CPU (its
    state in /proc is R): then a still stack is not a deadlock, however long."""
    for t in threading.enumerate():
        if t is watchdog_thread or t.native_id is None:
            continue
        try:
            with open("/proc/self/task/%d/stat" % t.native_id) as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "R":
                    return True
        except OSError:  # it has just ended
            return True
    return False


def watch():
    start = time.monotonic()
    last, since, used = None, start, cpu()
    while True:
        time.sleep(POLL)
        now = time.monotonic()
        if now - start > HARD:
            dump("timeout")
            os._exit(0)
        snap, timed = snapshot()
        c = cpu()
        if snap != last or timed or c - used > 0.002 or running():
            last, since, used = snap, now, c
        elif now - since >= STALL:
            dump("deadlock")
            os._exit(0)


def quiet_logging():
    """logging as the tool models it (python.md): every call prints its
    message, `msg % args`, as one line on stdout (one write, under the
    handler's lock); the program's own configuration is ignored."""
    import logging
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.basicConfig = lambda *a, **k: None


atexit.register(dump, "ended")
quiet_logging()
with open(CODE, "rb") as f:
    code = marshal.load(f)
sys.modules["__main__"] = module
watchdog_thread = threading.Thread(target=watch, name="il-watchdog", daemon=True)
watchdog_thread.start()
sys.stdout.reconfigure(line_buffering=True)  # as at a terminal: a write at each line end
sys.setswitchinterval(1e-6)
try:
    exec(code, env)
except BaseException as e:  # an error in main: recorded, shown, and the threads go on
    record(threading.main_thread(), type(e), e.__traceback__)
    import traceback
    traceback.print_exc()
