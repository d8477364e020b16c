#!/usr/bin/env python3
"""Independent brute force for Python program files with functions (issue 15).

    python3 tests/py_brute.py PROGRAM.py       # the brute force's answer, as JSON
    python3 tests/py_brute.py --self-test      # hand-computed checks of this file
    python3 tests/py_brute.py --self-test --slow   # and the notes' FakeDatabase (~2 min)

Written from the contracts only (../shared/spec/python.md P1, P2 and
language.md rules 1-7, D1-D26), never from the engine's code, so that it can
check it; the companion of tests/race_brute.py (YAML programs), from which it
takes the exceptions, clocks and report helpers.  A plain depth-first search
over every schedule, each state copied, no merging, no reduction.

The subset: module-level code is the thread `main` (alone at step 0);
module-level int/bool/list variables given before the first `start()` are
shared; Lock, RLock, Semaphore, BoundedSemaphore, Event; module-level
`threading.Thread(target=f, args=(...), name=...)`; start/join/is_alive;
print, assert, pass, time.sleep, if/elif/else, while, for over range();
`global`; `def f(a, b=1):` with positional/keyword arguments, constant
defaults, `return e`, calls of user functions anywhere in an expression.

Steps (the reading implemented, P1 with D1): a thread runs from a step's
start until (a) just before its second shared access of the step, (b) it
reaches a call of a user function (arguments evaluated: the callee's first
statement is a new step), or (c) the next statement starts.  Returning from a
callee is not a boundary: the rest of the calling statement continues in the
returning step (the step of `return e`, of the implicit `return None`, or the
last release step of the `with` blocks a `return` leaves, as CPython runs
`__exit__` before the caller resumes), and is split by (a) and (b) as any
statement is.  A runtime error in the rest of a calling statement is at the
calling statement's line (Python's traceback line), and so are its accesses.

Races (D23: location and unordered pair of (thread, line, access)) are given
under two readings of an access's line, as the contract does not say which
line an access in the rest of a calling statement has: `races` with the
line of the statement making the access (the write of x in `x = f()` is at
that line, wherever the step began), `step_races` with the line of the
statement the step began in (the `return`, or the `with` whose release step
it is).

Classes, logging, string constants and the executor in main follow
docs/classes-rules.md (issue 15 step 3), C1-C4, L1, S1, E1-E6:
`class C:` / `class C(object):` with methods; `NAME = C(args)` in main's
code (module level or the __main__ block, not in a loop or an if) is a
step that evaluates the arguments and calls __init__ as P1 says; every
`self.a` a method assigns is the shared location `NAME.a` (0 until
assigned; in the finals), a sync constructor assigned to one is the sync
object `NAME.a` (the assignment a step with no effect); `NAME.m(...)`,
`self.m(...)` are calls (P1); `target=NAME.m`, `submit(NAME.m, ...)`.
`logging.info/warning/error/debug/critical(msg, *args)` is print's step
of the line `msg % args`; `logging.basicConfig(...)` a step, its arguments
not evaluated; a module-level str bound before the threads start, never
again, is a constant (no access, not in the finals).  `with
ThreadPoolExecutor(max_workers=n) as ex:` at main's top level: its step
starts the workers w0..w{n-1} (after every other thread); `ex.submit(f,
*args)` (also in `for v in range(<constants>)`) a step making the next
task available; a waiting worker takes the lowest-numbered available task
in a step of its own (at the with line), runs it as a target (its end no
step), then takes again; it is blocked while a task is still to come and
ends, with no step, once every task (counted when loading) is taken;
leaving the with is main's step, enabled when every worker has ended.  An
error in a task is swallowed (the worker goes on), recorded as "w0: Kind at
line N (hidden by the executor)".  Happens-before: the with step -> the
workers, a submit -> the take of its task, every step of a task -> the
shutdown.  print's items and `%`/f-string fields print a comparison, `not`
or True/False as True/False.  WAIT_TASK and WAIT_SHUTDOWN are the words of
a deadlock report for a worker waiting for a task and main at the shutdown
(the contract does not give them).

A statement is re-evaluated from its start in each of its steps; the results
of its earlier accesses, sync call and finished calls are replayed from the
frame's record.  Whether a step is enabled is decided by running it on a copy
of the state (a step whose sync call would block raises Blocked)."""
import ast, copy, json, os, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from race_brute import (Unsupported, TooLarge, PyError, join, chk,  # noqa: E402
                        race_list, INT_MIN, INT_MAX)

sys.setrecursionlimit(20000)
MAX_FRAMES = 40


class Suspend(Exception):
    """The step ends just before this access (D1)."""


class Blocked(Exception):
    def __init__(self, what, line=None):
        self.what, self.line = what, line


# What a blocked executor worker or main waits for in a deadlock report.  The
# contract leaves these words open (D15 has no entry for the executor); they
# are this file's choice, to be matched to the engine's when it has them.
WAIT_TASK = "executor task"          # a worker with no task while some is to come
WAIT_SHUTDOWN = "thread {w}"        # main at the shutdown, {w} the first worker alive
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


class CallReach(Exception):
    def __init__(self, fn, loc):
        self.fn, self.loc = fn, loc


class Ref:
    """A sync object, shared list or thread passed by name."""
    __slots__ = ("kind", "name")

    def __init__(self, kind, name):
        self.kind, self.name = kind, name

    def __eq__(self, o):
        return isinstance(o, Ref) and (o.kind, o.name) == (self.kind, self.name)

    def __hash__(self):
        return hash((self.kind, self.name))

    def __repr__(self):
        return f"<{self.kind} {self.name}>"


# ---------------------------------------------------------------- loading
class Func:
    pass


class Program:
    pass


SYNC_KINDS = ("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Event")


def const_value(n):
    if isinstance(n, ast.Constant) and isinstance(n.value, (bool, int)) and n.value is not None:
        return int(n.value)
    if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
        return -const_value(n.operand)
    raise Unsupported("not a constant")


def ctor_name(n):
    """'Lock' for threading.Lock / Lock, else None."""
    if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and \
            n.value.id == "threading":
        return n.attr
    if isinstance(n, ast.Name):
        return n.id
    return None


def load(path):
    try:
        with open(path) as f:
            src = f.read()
        tree = ast.parse(src)
    except (OSError, UnicodeDecodeError, SyntaxError) as e:
        raise Unsupported(f"unreadable: {e}")
    P = Program()
    P.path = path
    P.shared, P.order = {}, []
    P.sync = {}            # name -> (kind, arg)
    P.funcs = {}
    P.threads = []         # (name, target, args Ref/int, daemon)
    P.classes = {}         # class name -> ClassInfo
    P.objects = {}         # object name -> class name (C1)
    P.objnodes = set()     # id() of the `NAME = C(args)` statements
    P.strs = {}            # str constants (S1)
    P.executor = None      # the executor in main (E1)
    main = []              # module statements that are main's code
    started = [False]

    def has_start(s):
        return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
                   n.func.attr == "start" for n in ast.walk(s))

    def module(body):
        for s in body:
            if isinstance(s, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and \
                    isinstance(s.value.value, str):
                continue
            if isinstance(s, ast.FunctionDef):
                P.funcs[s.name] = s
                continue
            if isinstance(s, ast.ClassDef):
                load_class(P, s)
                continue
            if isinstance(s, ast.Assign) and len(s.targets) == 1 and \
                    isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Call) and \
                    isinstance(s.value.func, ast.Name) and s.value.func.id in P.classes:
                nm = s.targets[0].id     # C1: an object, allocated when loaded
                if nm in P.objects or nm in P.shared or nm in P.sync or nm in P.strs:
                    raise Unsupported(f"object {nm} bound twice")
                cls = P.classes[s.value.func.id]
                P.objects[nm] = cls.name
                P.objnodes.add(id(s))
                for a in cls.attrs:
                    P.shared[f"{nm}.{a}"] = 0
                    P.order.append(f"{nm}.{a}")
                for a, ka in cls.syncattrs.items():
                    P.sync[f"{nm}.{a}"] = ka
                main.append(s)
                continue
            if isinstance(s, ast.With) and executor_ctor(s.items[0].context_expr):
                load_executor(P, s)
                started[0] = True
                main.append(s)
                continue
            if isinstance(s, ast.Assign) and len(s.targets) == 1 and \
                    isinstance(s.targets[0], ast.Name) and not started[0] and \
                    isinstance(s.value, ast.Constant) and isinstance(s.value.value, str):
                P.strs[s.targets[0].id] = s.value.value      # S1: a constant
                continue
            if isinstance(s, ast.If) and isinstance(s.test, ast.Compare) and \
                    isinstance(s.test.left, ast.Name) and s.test.left.id == "__name__":
                if s.orelse:
                    raise Unsupported("__main__ else")
                module(s.body)
                continue
            if isinstance(s, ast.Assign) and len(s.targets) == 1 and \
                    isinstance(s.targets[0], ast.Name) and not started[0]:
                nm, v = s.targets[0].id, s.value
                if isinstance(v, ast.Call) and ctor_name(v.func) in SYNC_KINDS:
                    k = ctor_name(v.func)
                    arg = None
                    if v.args:
                        arg = const_value(v.args[0])
                    elif k in ("Semaphore", "BoundedSemaphore"):
                        arg = 1
                    for kw in v.keywords:
                        arg = const_value(kw.value)
                    P.sync[nm] = (k, arg)
                    continue
                if isinstance(v, ast.Call) and ctor_name(v.func) == "Thread":
                    kw = {k.arg: k.value for k in v.keywords}
                    if v.args or set(kw) - {"target", "args", "name", "daemon"}:
                        raise Unsupported("Thread form")
                    tgt = kw.get("target")
                    args = []
                    if isinstance(tgt, ast.Name):
                        target = tgt.id
                    elif isinstance(tgt, ast.Attribute) and isinstance(tgt.value, ast.Name) and \
                            tgt.value.id in P.objects:          # C4: a bound method
                        target = method_key(P, tgt.value.id, tgt.attr)
                        args.append(Ref("obj", tgt.value.id))
                    else:
                        raise Unsupported("Thread target")
                    if "args" in kw:
                        if not isinstance(kw["args"], ast.Tuple):
                            raise Unsupported("args not a tuple")
                        for a in kw["args"].elts:
                            if isinstance(a, ast.Name) and a.id in P.sync:
                                args.append(Ref("sync", a.id))
                            elif isinstance(a, ast.Name) and isinstance(P.shared.get(a.id), list):
                                args.append(Ref("list", a.id))
                            elif isinstance(a, ast.Name) and a.id in [t[0] for t in P.threads]:
                                args.append(Ref("thread", a.id))
                            elif isinstance(a, ast.Name) and a.id in P.objects:
                                args.append(Ref("obj", a.id))
                            elif isinstance(a, ast.Name) and a.id in P.strs:
                                args.append(P.strs[a.id])
                            elif isinstance(a, ast.Constant) and isinstance(a.value, str):
                                args.append(a.value)
                            else:
                                args.append(const_value(a))
                    if "daemon" in kw and const_value(kw["daemon"]):
                        raise Unsupported("daemon")
                    name = nm
                    if "name" in kw:
                        name = kw["name"].value
                    P.threads.append((name, target, args, nm))
                    continue
                try:
                    if isinstance(v, ast.List):
                        val = [const_value(x) for x in v.elts]
                    elif isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult) and \
                            isinstance(v.left, ast.List):
                        val = [const_value(x) for x in v.left.elts] * const_value(v.right)
                    else:
                        val = const_value(v)
                except Unsupported:
                    val = None
                if val is not None and nm not in P.shared:
                    P.shared[nm] = val
                    P.order.append(nm)
                    continue
            if has_start(s):
                started[0] = True
            main.append(s)

    module(tree.body)
    if any(isinstance(s, (ast.FunctionDef, ast.ClassDef)) for s in main):
        raise Unsupported("def in main code")
    # C1, S1, E1: objects, string constants and the executor are bound once
    once = set(P.objects) | set(P.strs) | ({P.executor["var"]} if P.executor else set())
    stores = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id in once:
            stores[n.id] = stores.get(n.id, 0) + 1
        if isinstance(n, ast.Global) and set(n.names) & once:
            raise Unsupported("global of an object, constant or executor")
    if any(v > 1 for v in stores.values()):
        raise Unsupported("an object, string constant or executor bound twice")
    subs = {id(x) for x in ast.walk(tree) if isinstance(x, ast.Call) and
            isinstance(x.func, ast.Attribute) and x.func.attr == "submit"}
    if subs - (P.executor["submits"] if P.executor else set()):
        raise Unsupported("submit outside the executor's with")
    P.tvar = {t[3]: t[0] for t in P.threads}     # variable -> thread name
    P.main_top = {id(s) for s in main}
    P.names = ["main"] + [t[0] for t in P.threads]
    P.wbase = len(P.names)                       # E1: the workers come last
    P.nworkers = P.executor["n"] if P.executor else 0
    P.names += [f"w{k}" for k in range(P.nworkers)]
    P.total = P.executor["total"] if P.executor else 0
    if len(set(P.names)) != len(P.names):
        raise Unsupported("a thread named like a worker")
    P.index = {n: i for i, n in enumerate(P.names)}
    P.code = {}
    P.code[None] = compile_body(P, main, None)
    for name, node in P.funcs.items():
        P.code[name] = compile_body(P, node.body, node)
    P.threadfn = [None] + [t[1] for t in P.threads] + [None] * P.nworkers
    P.threadargs = [None] + [t[2] for t in P.threads] + [None] * P.nworkers
    for fn in P.threadfn[1:P.wbase]:
        if fn not in P.funcs:
            raise Unsupported(f"target {fn}")
    return P


class ClassInfo:
    pass


def load_class(P, s):
    """C1-C3: a class's methods, its int attributes and its sync attributes."""
    if s.decorator_list or s.keywords or \
            not (not s.bases or (len(s.bases) == 1 and isinstance(s.bases[0], ast.Name) and
                                 s.bases[0].id == "object")):
        raise Unsupported("class form")
    if s.name in P.classes or s.name in P.funcs:
        raise Unsupported("class defined twice")
    C = ClassInfo()
    C.name, C.methods, C.attrs, C.syncattrs = s.name, {}, [], {}
    for b in s.body:
        if isinstance(b, ast.Pass) or (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant)
                                       and isinstance(b.value.value, str)):
            continue
        if not isinstance(b, ast.FunctionDef) or b.decorator_list:
            raise Unsupported("class body")
        if b.name.startswith("__") and b.name != "__init__":
            raise Unsupported("dunder method")
        if not b.args.args:
            raise Unsupported("method without self")
        C.methods[b.name] = b
    ints = []
    for m in C.methods.values():
        me = m.args.args[0].arg
        for n in ast.walk(m):
            tgs = n.targets if isinstance(n, ast.Assign) else \
                [n.target] if isinstance(n, ast.AugAssign) else []
            for tg in tgs:
                if isinstance(tg, ast.Attribute) and isinstance(tg.value, ast.Name) and \
                        tg.value.id == me:
                    v = n.value
                    if isinstance(n, ast.Assign) and isinstance(v, ast.Call) and \
                            ctor_name(v.func) in SYNC_KINDS:
                        k = ctor_name(v.func)
                        arg = const_value(v.args[0]) if v.args else \
                            1 if k in ("Semaphore", "BoundedSemaphore") else None
                        for kw in v.keywords:
                            arg = const_value(kw.value)
                        if C.syncattrs.get(tg.attr, (k, arg)) != (k, arg):
                            raise Unsupported("two sync objects in one attribute")
                        C.syncattrs[tg.attr] = (k, arg)
                    elif tg.attr not in ints:
                        ints.append(tg.attr)
                # another object's attribute (other.a = ...): an access at run
                # time when a is an attribute of that object's class
    if set(ints) & set(C.syncattrs):
        raise Unsupported("an attribute both a sync object and a value")
    C.attrs = ints
    for m, node in C.methods.items():
        P.funcs[f"{C.name}.{m}"] = node
    P.classes[C.name] = C


def method_key(P, obj, m):
    C = P.classes[P.objects[obj]]
    if m not in C.methods:
        raise Unsupported(f"no method {m}")
    return f"{C.name}.{m}"


def executor_ctor(e):
    """The ThreadPoolExecutor(...) call of a `with`, else None."""
    if not isinstance(e, ast.Call):
        return None
    f = e.func
    if isinstance(f, ast.Name) and f.id == "ThreadPoolExecutor":
        return e
    if isinstance(f, ast.Attribute) and f.attr == "ThreadPoolExecutor" and \
            isinstance(f.value, ast.Attribute) and f.value.attr == "futures" and \
            isinstance(f.value.value, ast.Name) and f.value.value.id == "concurrent":
        return e
    return None


def is_submit(P, st):
    e = st.value if isinstance(st, ast.Expr) else None
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and \
        e.func.attr == "submit" and isinstance(e.func.value, ast.Name) and \
        e.func.value.id == P.executor["var"]


def load_executor(P, s):
    """E1, E2: the executor's workers, and its tasks counted when loaded."""
    if P.executor is not None:
        raise Unsupported("two executors")
    if len(s.items) != 1 or not isinstance(s.items[0].optional_vars, ast.Name):
        raise Unsupported("executor without `as`")
    e = s.items[0].context_expr
    kw = {k.arg: k.value for k in e.keywords}
    if set(kw) - {"max_workers"} or len(e.args) > 1 or (e.args and kw):
        raise Unsupported("executor arguments")
    n = const_value(e.args[0] if e.args else kw["max_workers"]) if (e.args or kw) else None
    if n is None or n < 1:
        raise Unsupported("executor max_workers")
    P.executor = {"n": n, "var": s.items[0].optional_vars.id, "line": s.lineno, "node": s}
    found = set()

    def count(body, mult):
        total = 0
        for st in body:
            if is_submit(P, st):
                total += mult
                found.add(id(st.value))
            elif isinstance(st, ast.For) and isinstance(st.iter, ast.Call) and \
                    isinstance(st.iter.func, ast.Name) and st.iter.func.id == "range" and \
                    not st.orelse:
                try:
                    k = len(range(*[const_value(a) for a in st.iter.args]))
                except (Unsupported, ValueError, TypeError):
                    k = None
                if found_in(st) and any(isinstance(x, (ast.Break, ast.Continue))
                                        for x in ast.walk(st)):
                    raise Unsupported("break/continue in a loop that submits")
                sub = count(st.body, mult * (k or 0))
                if k is None and found_in(st):
                    raise Unsupported("submit in a loop over non-constants")
                total += sub
            elif found_in(st):
                raise Unsupported("submit outside a statement or a for over range")
        return total

    def found_in(st):
        return any(isinstance(x, ast.Call) and isinstance(x.func, ast.Attribute) and
                   x.func.attr == "submit" for x in ast.walk(st))

    P.executor["total"] = count(s.body, 1)
    P.executor["submits"] = found


def assigned_names(body):
    out = set()
    for s in body:
        for n in ast.walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                out.add(n.id)
            if isinstance(n, (ast.FunctionDef, ast.Lambda, ast.ClassDef)):
                raise Unsupported("nested def")
    return out


def compile_body(P, stmts, fdef):
    """Ops: step ops ("stmt", line, node), ("cond", line, test, else-target),
    ("for", line, node, slot, end-target), ("wenter", line, expr),
    ("wexit", line), ("ret", line, expr-or-None), ("iret", line); free ops
    ("jump", None, target), ("freset", None, slot), ("fend", None)."""
    C = Func()
    C.name = fdef.name if fdef else None
    if fdef:
        a = fdef.args
        if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
            raise Unsupported("parameter form")
        C.params = [x.arg for x in a.args]
        C.defaults = {}
        for p, d in zip(C.params[len(C.params) - len(a.defaults):], a.defaults):
            C.defaults[p] = const_value(d)
        glob = set()
        for n in ast.walk(fdef):
            if isinstance(n, ast.Global):
                glob |= set(n.names)
        C.globals = glob
        C.locals = (assigned_names(stmts) - glob) | set(C.params)
        for nm in C.locals:
            if nm in P.shared and nm not in C.params:
                raise Unsupported(f"local {nm} hides a global")
    else:
        C.params, C.defaults, C.globals = [], {}, set()
        C.locals = assigned_names(stmts) - set(P.shared) - set(P.objects)
        if P.executor:
            C.locals.discard(P.executor["var"])
    ops = []
    nslot = [0]

    def emit(op):
        ops.append(op)
        return len(ops) - 1

    def block(ss, loops, withs):
        for s in ss:
            stmt(s, loops, withs)

    def stmt(s, loops, withs):
        L = s.lineno
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and \
                isinstance(s.value.value, str):
            return      # a docstring: dropped
        if isinstance(s, ast.Global):
            return
        if isinstance(s, (ast.Assign, ast.AugAssign, ast.Expr, ast.Assert, ast.Pass)):
            emit(("stmt", L, s))
        elif isinstance(s, ast.If):
            c = emit(["cond", L, s.test, None])
            block(s.body, loops, withs)
            if s.orelse:
                j = emit(["jump", None, None])
                ops[c][3] = len(ops)
                block(s.orelse, loops, withs)
                ops[j][2] = len(ops)
            else:
                ops[c][3] = len(ops)
        elif isinstance(s, ast.While):
            if s.orelse:
                raise Unsupported("while-else")
            head = emit(["cond", L, s.test, None])
            lp = {"head": head, "breaks": [], "withs": len(withs)}
            block(s.body, loops + [lp], withs)
            emit(["jump", None, head])
            ops[head][3] = len(ops)
            for b in lp["breaks"]:
                ops[b][2] = len(ops)
        elif isinstance(s, ast.For):
            if s.orelse or not isinstance(s.target, ast.Name):
                raise Unsupported("for form")
            it = s.iter
            if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and
                    it.func.id == "range"):
                raise Unsupported("for iterable")
            slot = f"$for{nslot[0]}"
            nslot[0] += 1
            emit(("freset", None, slot))
            head = emit(["for", L, s, slot, None])
            lp = {"head": head, "breaks": [], "withs": len(withs)}
            block(s.body, loops + [lp], withs)
            emit(["jump", None, head])
            ops[head][4] = len(ops)
            for b in lp["breaks"]:
                ops[b][2] = len(ops)
        elif isinstance(s, ast.With) and P.executor and s is P.executor["node"]:
            if fdef is not None or id(s) not in P.main_top:
                raise Unsupported("executor not at main's top level")
            emit(("xenter", L))          # E1: starts the workers
            block(s.body, loops, withs)
            emit(("xexit", L))           # E4: shutdown(wait=True)
        elif isinstance(s, ast.With):
            if len(s.items) != 1 or s.items[0].optional_vars is not None or \
                    not isinstance(s.items[0].context_expr, (ast.Name, ast.Attribute)):
                raise Unsupported("with form")
            emit(("wenter", L, s.items[0].context_expr))
            block(s.body, loops, withs + [L])
            emit(("wexit", L))
        elif isinstance(s, (ast.Break, ast.Continue)):
            lp = loops[-1]
            for ln in reversed(withs[lp["withs"]:]):
                emit(("wexit", ln))
            if isinstance(s, ast.Break):
                lp["breaks"].append(emit(["jump", None, None]))
            else:
                emit(["jump", None, lp["head"]])
        elif isinstance(s, ast.Return):
            if fdef is None:
                raise Unsupported("return outside function")
            emit(("ret", L, s.value))
            for ln in reversed(withs):
                emit(("wexit", ln))
            emit(["jump", None, "FEND"])
        else:
            raise Unsupported(f"statement {type(s).__name__}")

    block(stmts, [], [])
    last = fdef.end_lineno if fdef else 0
    emit(("iret", last))
    fend = emit(("fend", None))
    C.ops = [tuple(["jump", None, fend] if op[0] == "jump" and op[2] == "FEND" else op)
             for op in ops]
    return C


# ----------------------------------------------------------------- state
class Frame:
    __slots__ = ("fn", "pc", "loc", "rec", "retval")

    def copy(self):
        f = Frame.__new__(Frame)
        f.fn, f.pc, f.retval = self.fn, self.pc, self.retval
        f.loc = dict(self.loc)
        f.rec = list(self.rec)
        return f

    def key(self):
        return (self.fn, self.pc, tuple(sorted((k, repr(v)) for k, v in self.loc.items())),
                tuple(map(repr, self.rec)), repr(self.retval))


class Th:
    __slots__ = ("frames", "withs", "vc", "started", "done")

    def copy(self):
        t = Th.__new__(Th)
        t.frames = [f.copy() for f in self.frames]
        t.withs = list(self.withs)
        t.vc = list(self.vc)
        t.started, t.done = self.started, self.done
        return t


class State:
    """`tasks`: the submitted tasks (fn, bound arguments, main's clock at the
    submit); `taken`: how many of them workers have taken; `ex`: main is
    before (0), inside (1) or past (2) the executor's with."""
    __slots__ = ("sh", "objs", "th", "out", "errs", "hist", "tasks", "taken", "ex")

    def copy(self):
        s = State.__new__(State)
        s.sh = {k: (list(v) if isinstance(v, list) else v) for k, v in self.sh.items()}
        s.objs = {k: [dict(o[0]), list(o[1])] for k, o in self.objs.items()}
        s.th = [t.copy() for t in self.th]
        s.out, s.errs = self.out, self.errs
        s.hist = dict(self.hist)
        s.tasks, s.taken, s.ex = self.tasks, self.taken, self.ex
        return s


def new_frame(P, fn, loc):
    f = Frame()
    f.fn, f.pc, f.loc, f.rec, f.retval = fn, 0, loc, [], None
    return f


def initial(P):
    n = len(P.names)
    s = State()
    s.sh = {k: (list(v) if isinstance(v, list) else v) for k, v in P.shared.items()}
    s.objs = {}
    for name, (kind, arg) in P.sync.items():
        if kind == "Lock":
            f = {"held": 0}
        elif kind == "RLock":
            f = {"owner": -1, "n": 0}
        elif kind == "Event":
            f = {"set": 0}
        else:
            f = {"v": arg, "init": arg}
        s.objs[name] = [f, [0] * n]
    s.th = []
    for i in range(n):
        t = Th()
        fn = P.threadfn[i]
        loc = {}
        if fn is not None:
            loc = bind(P, fn, list(P.threadargs[i]), {})
        # a worker starts with no task: its first step is a take (E3)
        t.frames = [] if i >= P.wbase else [new_frame(P, fn, loc)]
        t.withs, t.vc = [], [0] * n
        t.started, t.done = i == 0, False
        s.th.append(t)
    s.out, s.errs, s.hist = (), (), {}
    s.tasks, s.taken, s.ex = (), 0, 0
    settle(P, s, 0)
    return s


def bind(P, fn, pos, kws):
    C = P.code[fn]
    if len(pos) > len(C.params):
        raise Unsupported("too many arguments")
    loc = dict(zip(C.params, pos))
    for k, v in kws.items():
        if k not in C.params or k in loc:
            raise Unsupported("bad keyword argument")
        loc[k] = v
    for p in C.params:
        if p not in loc:
            if p not in C.defaults:
                raise Unsupported("missing argument")
            loc[p] = C.defaults[p]
    return loc


def settle(P, s, i):
    """Runs the free ops at the thread's pc (no step): jumps, loop resets,
    the end of the target's body."""
    t = s.th[i]
    while t.frames:
        fr = t.frames[-1]
        op = P.code[fr.fn].ops[fr.pc]
        k = op[0]
        if k == "jump":
            fr.pc = op[2]
        elif k == "freset":
            fr.loc.pop(op[2], None)
            fr.pc += 1
        elif k in ("iret", "fend") and len(t.frames) == 1:
            if i >= P.wbase:         # a task's end: no step (E3)
                t.frames = []
                end_idle_workers(P, s)
            else:
                t.done = True
            return
        else:
            return


def end_idle_workers(P, s):
    """E3: once every task has been taken, a waiting worker ends at once."""
    if s.taken < P.total:
        return
    for j in range(P.wbase, len(P.names)):
        u = s.th[j]
        if u.started and not u.done and not u.frames:
            u.done = True


def key(s):
    sh = tuple(tuple(v) if isinstance(v, list) else v for v in s.sh.values())
    ob = tuple(tuple(sorted(o[0].items())) for o in s.objs.values())
    th = tuple((tuple(f.key() for f in t.frames), tuple(t.withs), t.started, t.done)
               for t in s.th)
    return (sh, ob, th, s.out, s.errs, tuple(x[:2] for x in s.tasks), s.taken, s.ex)


# ------------------------------------------------------------ evaluation
class Ctx:
    """One step of thread i: `new` is how many new shared accesses it may
    still make; `line` is the line of the statement being evaluated (an
    access's line), `sline` the line of the statement the step began in."""
    __slots__ = ("P", "s", "i", "t", "fr", "idx", "new", "line", "sline", "races", "sraces")

    def __init__(self, P, s, i):
        self.P, self.s, self.i, self.t = P, s, i, s.th[i]
        self.new, self.races, self.sraces = 1, set(), set()
        self.fr, self.idx, self.line, self.sline = None, 0, 0, None


def replay(c):
    if c.idx < len(c.fr.rec):
        r = c.fr.rec[c.idx]
        c.idx += 1
        return True, r
    return False, None


def record(c, v):
    c.fr.rec.append(v)
    c.idx += 1
    return v


def access(c, loc, kind, value=None, lst=None, index=None):
    ok, r = replay(c)
    if ok:
        return r
    if c.new <= 0:
        raise Suspend()
    c.new -= 1
    s = c.s
    if lst is not None:
        n = len(s.sh[lst])
        if not -n <= index < n:
            raise PyError("IndexError")
        index %= n
        loc = f"{lst}[{index}]"
    if kind == "read":
        v = s.sh[lst][index] if lst is not None else s.sh[loc]
    else:
        if lst is not None:
            s.sh[lst][index] = value
        else:
            s.sh[loc] = value
        v = value
    log_access(c, loc, kind)
    return record(c, v)


def log_access(c, loc, kind):
    s, i = c.s, c.i
    vc = s.th[i].vc
    h = s.hist.get(loc, ())
    for (j, ep, line, sline, k) in h:
        if j != i and (k == "write" or kind == "write") and ep > vc[j]:
            for out, la, lb in ((c.races, line, c.line), (c.sraces, sline, c.sline)):
                a = (c.P.names[j], la, k)
                b = (c.P.names[i], lb, kind)
                out.add((loc, frozenset((a, b)) if a != b else frozenset((a,))))
    s.hist[loc] = h + ((i, vc[i], c.line, c.sline, kind),)


def is_local(c, nm):
    C = c.P.code[c.fr.fn]
    return nm in C.locals


def name_value(c, nm, whole=False):
    """A name's value: a local, a shared int (a read), or a reference."""
    P = c.P
    if is_local(c, nm):
        if nm in c.fr.loc:
            return c.fr.loc[nm]
        raise PyError("UnboundLocalError")
    if P.executor and nm == P.executor["var"]:
        raise Unsupported("the executor as a value")
    if nm in P.strs:
        return P.strs[nm]               # S1: no access
    if nm in P.objects:
        return Ref("obj", nm)           # C3: the name is no shared variable
    if nm in P.shared:
        if isinstance(P.shared[nm], list):
            if not whole:
                raise Unsupported("whole list")
            return Ref("list", nm)
        return access(c, nm, "read")
    if nm in P.sync:
        return Ref("sync", nm)
    if nm in P.tvar:
        return Ref("thread", P.tvar[nm])
    raise Unsupported(f"name {nm}")


def num(v):
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    raise Unsupported(f"value {v!r} in arithmetic")


def plainly_bool(n):
    """A value CPython prints as True/False (docs/language.md "print")."""
    if isinstance(n, ast.Compare) or (isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not)):
        return True
    if isinstance(n, ast.Constant) and isinstance(n.value, bool):
        return True
    if isinstance(n, ast.Name) and n.id in ("True", "False"):
        return True
    if isinstance(n, ast.BoolOp) and any(plainly_bool(x) for x in n.values):
        raise Unsupported("a printed and/or of bools")
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
            n.func.attr in ("is_set", "is_alive", "locked", "acquire", "wait", "empty", "full"):
        raise Unsupported("a printed sync call")
    return False


def fmtval(c, n):
    """A value to format (print item, `%` argument, f-string field)."""
    v = ev(c, n)
    if isinstance(v, Ref) or v is None:
        raise Unsupported("formatting a non-int")
    if plainly_bool(n):
        return bool(v)
    return v


def pyformat(fmt, vals):
    try:
        return fmt % tuple(vals)
    except (TypeError, ValueError, KeyError):
        raise Unsupported("a % format that fails")


def ev(c, n, whole=False):
    if isinstance(n, ast.Constant):
        if isinstance(n.value, (bool, int)):
            return int(n.value)
        if isinstance(n.value, str):
            return n.value
        raise Unsupported("constant")
    if isinstance(n, ast.JoinedStr):
        out = []
        for part in n.values:
            if isinstance(part, ast.Constant):
                out.append(part.value)
            elif part.format_spec is None and part.conversion in (-1, 115, 114):
                v = fmtval(c, part.value)
                out.append(repr(v) if part.conversion == 114 else str(v))
            else:
                raise Unsupported("f-string field form")
        return "".join(out)
    if isinstance(n, ast.Attribute):
        base = ev(c, n.value, whole=True)
        if isinstance(base, Ref) and base.kind == "obj":
            loc = f"{base.name}.{n.attr}"
            if loc in c.P.sync:
                return Ref("sync", loc)
            if loc in c.P.shared:
                return access(c, loc, "read")       # C3: one access
            raise Unsupported(f"attribute {loc}")
        raise Unsupported("attribute of a non-object")
    if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) and \
            isinstance(n.left, (ast.Constant, ast.Name, ast.JoinedStr)):
        a = ev(c, n.left)
        if isinstance(a, str):
            vals = [fmtval(c, x) for x in n.right.elts] if isinstance(n.right, ast.Tuple) \
                else [fmtval(c, n.right)]
            return pyformat(a, vals)
        b = num(ev(c, n.right))
        if b == 0:
            raise PyError("ZeroDivisionError")
        return chk(num(a) % b)
    if isinstance(n, ast.Name):
        if n.id in ("True", "False"):
            return int(n.id == "True")
        return name_value(c, n.id, whole)
    if isinstance(n, ast.Subscript):
        lst = ev(c, n.value, whole=True)
        if not isinstance(lst, Ref) or lst.kind != "list":
            raise Unsupported("subscript")
        ix = num(ev(c, n.slice))
        return access(c, None, "read", lst=lst.name, index=ix)
    if isinstance(n, ast.BinOp):
        a = num(ev(c, n.left))
        b = num(ev(c, n.right))
        op = type(n.op)
        if op is ast.Add: return chk(a + b)
        if op is ast.Sub: return chk(a - b)
        if op is ast.Mult: return chk(a * b)
        if op in (ast.FloorDiv, ast.Mod):
            if b == 0:
                raise PyError("ZeroDivisionError")
            return chk(a // b) if op is ast.FloorDiv else chk(a % b)
        raise Unsupported("operator")
    if isinstance(n, ast.UnaryOp):
        a = num(ev(c, n.operand))
        if isinstance(n.op, ast.USub): return chk(-a)
        if isinstance(n.op, ast.UAdd): return a
        if isinstance(n.op, ast.Not): return int(not a)
        raise Unsupported("unary")
    if isinstance(n, ast.BoolOp):
        v = num(ev(c, n.values[0]))
        for x in n.values[1:]:
            if isinstance(n.op, ast.And):
                if not v: return v
            else:
                if v: return v
            v = num(ev(c, x))
        return v
    if isinstance(n, ast.Compare):
        a = num(ev(c, n.left))
        for op, r in zip(n.ops, n.comparators):
            b = num(ev(c, r))
            ok = {ast.Eq: a == b, ast.NotEq: a != b, ast.Lt: a < b, ast.LtE: a <= b,
                  ast.Gt: a > b, ast.GtE: a >= b}.get(type(op))
            if ok is None:
                raise Unsupported("comparison")
            if not ok:
                return 0
            a = b
        return 1
    if isinstance(n, ast.Call):
        return call(c, n)
    raise Unsupported(f"expression {type(n).__name__}")


def user_call(c, fn, pre, n):
    """A call of a user function or method (pre: [self] for a method)."""
    P = c.P
    # the arguments, left to right (P1), then the call
    pos = pre + [ev(c, a, whole=True) for a in n.args]
    kws = {}
    for kw in n.keywords:
        if kw.arg is None:
            raise Unsupported("**kwargs")
        kws[kw.arg] = ev(c, kw.value, whole=True)
    ok, r = replay(c)
    if ok:
        if not (isinstance(r, tuple) and r and r[0] == "ret"):
            raise AssertionError(f"replay: {r!r} at a call")
        return r[1]
    if len(c.t.frames) >= MAX_FRAMES:
        raise Unsupported("recursion")
    raise CallReach(fn, bind(P, fn, pos, kws))


def call(c, n):
    P = c.P
    if isinstance(n.func, ast.Name) and n.func.id in P.funcs:
        return user_call(c, n.func.id, [], n)
    if isinstance(n.func, ast.Name) and n.func.id in P.classes:
        raise Unsupported("an object created other than by `NAME = C(args)` in main")
    if isinstance(n.func, ast.Attribute):
        f = n.func
        if isinstance(f.value, ast.Name) and f.value.id == "time" and f.attr == "sleep":
            return 0
        if isinstance(f.value, ast.Name) and f.value.id in ("logging", "concurrent"):
            raise Unsupported("logging or executor call inside an expression")
        obj = ev(c, f.value, whole=True)
        if isinstance(obj, Ref) and obj.kind == "obj":
            return user_call(c, method_key(P, obj.name, f.attr), [obj], n)    # C4
        if not isinstance(obj, Ref) or obj.kind == "list":
            raise Unsupported("method call")
        args = [ev(c, a) for a in n.args]
        kw = {k.arg: ev(c, k.value) for k in n.keywords}
        return sync_call(c, obj, f.attr, args, kw)
    raise Unsupported("call")


def sync_call(c, obj, m, args, kw):
    ok, r = replay(c)
    if ok:
        return r
    return record(c, do_sync(c, obj, m, args, kw))


def released(t, i):
    t.vc[i] += 1


def lock_free(s, name, i):
    f = s.objs[name][0]
    if "held" in f:
        return not f["held"]
    if "owner" in f:
        return f["owner"] in (-1, i)
    return f["v"] > 0


def lock_take(c, name):
    o = c.s.objs[name]
    f = o[0]
    if "held" in f:
        f["held"] = 1
    elif "owner" in f:
        f["owner"], f["n"] = c.i, f["n"] + 1
    else:
        f["v"] -= 1
    c.t.vc[:] = join(c.t.vc, o[1])


def lock_give(c, name):
    o = c.s.objs[name]
    f = o[0]
    if "held" in f:
        if not f["held"]:
            raise PyError("RuntimeError")
        f["held"] = 0
    elif "owner" in f:
        if f["owner"] != c.i:
            raise PyError("RuntimeError")
        f["n"] -= 1
        if f["n"] == 0:
            f["owner"] = -1
    else:
        if c.P.sync[name][0] == "BoundedSemaphore" and f["v"] + 1 > f["init"]:
            raise PyError("ValueError")
        f["v"] += 1
    o[1][:] = join(o[1], c.t.vc)
    released(c.t, c.i)


def waits(P, name):
    k = P.sync[name][0]
    return ("lock " if k in ("Lock", "RLock") else
            "event " if k == "Event" else "semaphore ") + name


def do_sync(c, obj, m, args, kw):
    P, s, i, t = c.P, c.s, c.i, c.t
    if obj.kind == "thread":
        j = P.index[obj.name]
        u = s.th[j]
        if m == "start":
            if u.started:
                raise PyError("RuntimeError")
            u.started = True
            u.vc[:] = join(u.vc, t.vc)
            released(t, i)
            settle(P, s, j)
            return 0
        if m == "join":
            if not u.started or j == i:
                raise PyError("RuntimeError")
            if u.done:
                t.vc[:] = join(t.vc, u.vc)
                return 0
            if "timeout" in kw or args:
                return 0
            raise Blocked("thread " + obj.name)
        if m == "is_alive":
            if u.started and not u.done:
                return 1
            if u.done:
                t.vc[:] = join(t.vc, u.vc)
            return 0
        raise Unsupported(f"thread.{m}")
    name = obj.name
    kind = P.sync[name][0]
    o = s.objs[name]
    if kind == "Event":
        f = o[0]
        if m == "set":
            f["set"] = 1
            o[1][:] = join(o[1], t.vc)
            released(t, i)
            return 0
        if m == "clear":
            f["set"] = 0
            return 0
        if m in ("wait", "is_set"):
            if f["set"]:
                t.vc[:] = join(t.vc, o[1])
                return 1
            if m == "is_set" or "timeout" in kw or args:
                return 0
            raise Blocked(waits(P, name))
        raise Unsupported(f"Event.{m}")
    if m == "acquire":
        blocking = args[0] if args else kw.get("blocking", 1)
        timeout = args[1] if len(args) > 1 else kw.get("timeout")
        if lock_free(s, name, i):
            lock_take(c, name)
            return 1
        if not blocking or (timeout is not None and timeout >= 0):
            return 0
        raise Blocked(waits(P, name))
    if m == "release":
        lock_give(c, name)
        return 0
    if m == "locked" and kind == "Lock":
        return o[0]["held"]
    raise Unsupported(f"{kind}.{m}")


# --------------------------------------------------------------- stepping
def run_op(c, op):
    """Runs (or resumes) the current op of the top frame; returns when it is
    finished (pc moved on); raises Suspend, CallReach, Blocked, PyError."""
    P, s, t, fr = c.P, c.s, c.t, c.fr
    kind = op[0]
    if kind == "stmt":
        exec_stmt(c, op[2])
        fr.pc += 1
    elif kind == "cond":
        v = num(ev(c, op[2]))
        fr.pc = fr.pc + 1 if v else op[3]
    elif kind == "for":
        node, slot = op[2], op[3]
        seq = fr.loc.get(slot)
        if seq is None:
            a = [num(ev(c, x)) for x in node.iter.args]
            if len(a) == 3 and a[2] == 0:
                raise PyError("ValueError")
            seq = tuple(range(*a))
        nm = node.target.id
        if not seq:
            fr.loc.pop(slot, None)
            fr.pc = op[4]
        else:
            if not is_local(c, nm) and nm in P.shared:
                access(c, nm, "write", value=seq[0])    # D5
            else:
                fr.loc[nm] = seq[0]
            fr.loc[slot] = seq[1:]
            fr.pc += 1
    elif kind == "wenter":
        lk = ev(c, op[2], whole=True)
        if not isinstance(lk, Ref) or lk.kind != "sync" or P.sync[lk.name][0] == "Event":
            raise Unsupported("with on a non-lock")
        if not lock_free(s, lk.name, c.i):
            raise Blocked(waits(P, lk.name))
        lock_take(c, lk.name)
        t.withs.append(lk.name)
        fr.pc += 1
    elif kind == "wexit":
        lock_give(c, t.withs.pop())
        fr.pc += 1
    elif kind == "xenter":
        # E1: the with step starts the workers (E6: -> their steps)
        for j in range(P.wbase, len(P.names)):
            u = s.th[j]
            u.started = True
            u.vc[:] = join(u.vc, t.vc)
        released(t, c.i)
        s.ex = 1
        end_idle_workers(P, s)
        fr.pc += 1
    elif kind == "xexit":
        # E4: shutdown(wait=True), enabled when every worker has ended;
        # E6: every step of a task -> this step
        for j in range(P.wbase, len(P.names)):
            if not s.th[j].done:
                raise Blocked(WAIT_SHUTDOWN.format(w=P.names[j]))
        for j in range(P.wbase, len(P.names)):
            t.vc[:] = join(t.vc, s.th[j].vc)
        s.ex = 2
        fr.pc += 1
    elif kind == "ret":
        fr.retval = ev(c, op[2], whole=True) if op[2] is not None else None
        fr.pc += 1
    elif kind == "iret":
        fr.retval = None
        fr.pc += 1
    else:
        raise AssertionError(op)


def exec_stmt(c, n):
    P, t = c.P, c.t
    if isinstance(n, ast.Pass):
        return
    if isinstance(n, ast.Expr):
        e = n.value
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "print":
            items = []
            for a in e.args:
                items.append(str(fmtval(c, a)))
            if e.keywords:
                raise Unsupported("print keywords")
            c.s.out = c.s.out + (" ".join(items),)
            return
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and \
                isinstance(e.func.value, ast.Name) and e.func.value.id == "logging":
            if e.func.attr == "basicConfig":
                return          # L1: a step with no effect, its arguments not evaluated
            if e.func.attr not in LOG_LEVELS or e.keywords or not e.args:
                raise Unsupported(f"logging.{e.func.attr}")
            msg = ev(c, e.args[0])
            if not isinstance(msg, str):
                raise Unsupported("logging message not a string")
            vals = [fmtval(c, a) for a in e.args[1:]]
            # L1: the line `msg % args`, just msg without args
            c.s.out = c.s.out + (pyformat(msg, vals) if vals else msg,)
            return
        if P.executor and is_submit(P, n):
            submit(c, e)
            return
        ev(c, e, whole=True)
        return
    if isinstance(n, ast.Assert):
        v = num(ev(c, n.test))
        if not v:
            raise PyError("AssertionError")
        return
    if isinstance(n, ast.Assign):
        if len(n.targets) != 1:
            raise Unsupported("multiple targets")
        tg = n.targets[0]
        if isinstance(tg, ast.Name) and id(n) in P.objnodes:
            # C2: a step evaluating the arguments, then __init__ as P1 says;
            # binding the name is no access
            cls = P.classes[P.objects[tg.id]]
            if "__init__" in cls.methods:
                user_call(c, f"{cls.name}.__init__", [Ref("obj", tg.id)], n.value)
            elif n.value.args or n.value.keywords:
                raise Unsupported("arguments to a class without __init__")
            return
        if isinstance(tg, ast.Attribute):
            v = n.value
            if isinstance(v, ast.Call) and ctor_name(v.func) in SYNC_KINDS:
                obj = ev(c, tg.value, whole=True)
                if not (isinstance(obj, Ref) and obj.kind == "obj" and
                        f"{obj.name}.{tg.attr}" in P.sync):
                    raise Unsupported("a sync object stored in an attribute")
                return          # C3: a step with no effect
            v = ev(c, n.value)
            if not isinstance(v, int) or isinstance(v, bool):
                raise Unsupported("assigning a non-int to an attribute")
            obj = ev(c, tg.value, whole=True)
            if not (isinstance(obj, Ref) and obj.kind == "obj") or \
                    f"{obj.name}.{tg.attr}" not in P.shared:
                raise Unsupported("attribute target")
            access(c, f"{obj.name}.{tg.attr}", "write", value=v)
            return
        if isinstance(tg, ast.Name):
            v = ev(c, n.value)
            if v is None or isinstance(v, Ref):
                raise Unsupported("assigning a non-int")
            store(c, tg.id, v)
            return
        if isinstance(tg, ast.Subscript):
            v = num(ev(c, n.value))
            lst = ev(c, tg.value, whole=True)
            ix = num(ev(c, tg.slice))
            if not isinstance(lst, Ref) or lst.kind != "list":
                raise Unsupported("subscript target")
            access(c, None, "write", value=v, lst=lst.name, index=ix)
            return
        raise Unsupported("assign target")
    if isinstance(n, ast.AugAssign):
        tg = n.target
        ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
               ast.Mult: lambda a, b: a * b}
        f = ops.get(type(n.op))
        if f is None:
            raise Unsupported("augassign op")
        if isinstance(tg, ast.Name):
            a = num(name_value(c, tg.id))
            b = num(ev(c, n.value))
            store(c, tg.id, chk(f(a, b)))
            return
        if isinstance(tg, ast.Attribute):
            obj = ev(c, tg.value, whole=True)
            loc = f"{obj.name}.{tg.attr}" if isinstance(obj, Ref) and obj.kind == "obj" else None
            if loc not in P.shared:
                raise Unsupported("attribute target")
            a = num(access(c, loc, "read"))
            b = num(ev(c, n.value))
            access(c, loc, "write", value=chk(f(a, b)))
            return
        if isinstance(tg, ast.Subscript):
            lst = ev(c, tg.value, whole=True)
            if not isinstance(lst, Ref) or lst.kind != "list":
                raise Unsupported("subscript target")
            ix = num(ev(c, tg.slice))
            a = access(c, None, "read", lst=lst.name, index=ix)
            b = num(ev(c, n.value))
            access(c, None, "write", value=chk(f(a, b)), lst=lst.name, index=ix)
            return
    raise Unsupported(f"statement {type(n).__name__}")


def submit(c, e):
    """E2: a step of main that makes the next task available; the submit
    happens-before the take of its task (E6)."""
    P = c.P
    f = e.args[0] if e.args else None
    if isinstance(f, ast.Name) and f.id in P.funcs:
        fn, pre = f.id, []
    elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
            f.value.id in P.objects:
        fn, pre = method_key(P, f.value.id, f.attr), [Ref("obj", f.value.id)]
    else:
        raise Unsupported("submit of something other than a function or a bound method")
    if e.keywords:
        raise Unsupported("submit keywords")
    args = [ev(c, a, whole=True) for a in e.args[1:]]
    ok, _ = replay(c)
    if ok:
        return
    if c.s.ex != 1:
        raise Unsupported("submit outside the with")
    loc = bind(P, fn, pre + args, {})
    c.s.tasks = c.s.tasks + ((fn, tuple(sorted(loc.items())), tuple(c.t.vc)),)
    released(c.t, c.i)
    record(c, 0)


def store(c, nm, v):
    P = c.P
    if is_local(c, nm):
        c.fr.loc[nm] = v
        return
    if nm in P.objects:
        raise Unsupported("an object name assigned")
    if nm in P.shared and not isinstance(P.shared[nm], list):
        if not isinstance(v, int):
            raise Unsupported("a non-int in a shared variable")
        access(c, nm, "write", value=v)
        return
    raise Unsupported("assign to " + nm)


def fail(c, kind):
    """The thread ends by an error; its with blocks release (D11)."""
    s, t = c.s, c.t
    while t.withs:
        lk = t.withs.pop()
        try:
            lock_give(c, lk)
        except PyError:
            pass
    text = f"{c.P.names[c.i]}: {kind} at line {c.line}"
    if c.i >= c.P.wbase:
        # E5: swallowed; the worker goes on with its next take
        t.frames = []
        end_idle_workers(c.P, s)
        text += " (hidden by the executor)"
    else:
        if c.i == 0 and s.ex == 1:
            raise Unsupported("an error in main inside the executor's with")
        t.done = True
    s.errs = s.errs + ((c.i, text, c.line, kind),)


def step(P, s, i):
    """Takes thread i's step in s (a copy: on Blocked the caller drops it).
    Returns the races the step's accesses make."""
    t = s.th[i]
    t.vc[i] += 1
    c = Ctx(P, s, i)
    if i >= P.wbase and not t.frames:
        # E3: the take step, the lowest-numbered available task
        if s.taken >= len(s.tasks):
            raise Blocked(WAIT_TASK, P.executor["line"])
        fn, loc, vc = s.tasks[s.taken]
        s.taken += 1
        t.vc[:] = join(t.vc, list(vc))
        t.frames = [new_frame(P, fn, dict(loc))]
        settle(P, s, i)
        end_idle_workers(P, s)
        return c.races, c.sraces
    first = True      # no step op run yet
    cont = False      # the top frame resumes its statement after a return
    while True:
        fr = t.frames[-1]
        op = P.code[fr.fn].ops[fr.pc]
        k = op[0]
        if k in ("jump", "freset") or (k in ("iret", "fend") and len(t.frames) == 1):
            settle(P, s, i)
            if t.done or not t.frames:
                break
            continue
        if k == "fend":
            v = fr.retval
            t.frames.pop()
            t.frames[-1].rec.append(("ret", v))
            cont = True
            continue
        if not first and not cont:
            break     # the next statement: a step of its own
        first = cont = False
        c.fr, c.idx = fr, 0
        c.line = op[1]
        if c.sline is None:
            c.sline = op[1]
        try:
            run_op(c, op)
        except Suspend:
            break
        except CallReach as e:
            t.frames.append(new_frame(P, e.fn, e.loc))
            settle(P, s, i)
            break
        except PyError as e:
            fail(c, e.kind)
            break
        fr.rec = []
    return c.races, c.sraces


# ------------------------------------------------------------ exploration
class Explorer:
    def __init__(self, P, cap, node_cap, max_seconds):
        self.P, self.cap, self.node_cap = P, cap, node_cap
        self.deadline = time.monotonic() + max_seconds
        self.races = set()
        self.sraces = set()
        self.outcomes = {}
        self.deadlocks = set()
        self.errors = set()
        self.total = 0
        self.nodes = 0
        self.infinite = False
        self.path = {}

    def outcome(self, s, status):
        errs = tuple(e[1] for e in sorted(s.errs, key=lambda e: e[0]))
        for e in s.errs:
            self.errors.add((self.P.names[e[0]], e[2], e[3]))
        if status == "ok" and errs:
            status = "error"
        final = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in s.sh.items())
        o = (status, s.out, final, errs)
        self.outcomes[o] = self.outcomes.get(o, 0) + 1
        self.total += 1
        if self.total > self.cap:
            raise TooLarge()

    def dfs(self, s):
        self.nodes += 1
        if self.nodes > self.node_cap or \
                (self.nodes & 255 == 0 and time.monotonic() > self.deadline):
            raise TooLarge()
        P = self.P
        if all(t.done or not t.started for t in s.th):
            self.outcome(s, "ok")
            return
        succ = []
        blocked = []
        for i, t in enumerate(s.th):
            if not t.started or t.done:
                continue
            s2 = s.copy()
            try:
                races = step(P, s2, i)
            except Blocked as b:
                line = b.line
                if line is None:
                    fr = t.frames[-1]
                    line = P.code[fr.fn].ops[fr.pc][1]
                blocked.append((P.names[i], line, b.what))
                continue
            succ.append((s2, races))
        if not succ:
            self.deadlocks.add(tuple(blocked))
            self.outcome(s, "deadlock")
            return
        for s2, (races, sraces) in succ:
            self.races |= races
            self.sraces |= sraces
            k = key(s2)
            n = self.path.get(k, 0)
            if n:
                self.infinite = True
                if n >= 2:
                    continue
            self.path[k] = n + 1
            try:
                self.dfs(s2)
            finally:
                if n:
                    self.path[k] = n
                else:
                    del self.path[k]


def explore(path, cap=20000, node_cap=400000, max_seconds=20):
    """The brute force's report: a dict (status 'ok', 'unsupported' or
    'too-large')."""
    try:
        P = load(path)
        ex = Explorer(P, cap, node_cap, max_seconds)
        s = initial(P)
        ex.path[key(s)] = 1
        ex.dfs(s)
    except Unsupported as e:
        return {"status": "unsupported", "why": str(e)}
    except TooLarge:
        return {"status": "too-large"}
    outs = []
    for (st, out, final, errs), n in ex.outcomes.items():
        outs.append({"status": st, "output": list(out),
                     "final": {k: (list(v) if isinstance(v, tuple) else v) for k, v in final},
                     "errors": list(errs), "interleavings": n})
    return {"status": "ok", "infinite": ex.infinite, "interleavings": ex.total,
            "outcomes": outs, "races": ex.races, "step_races": ex.sraces, "deadlocks": ex.deadlocks,
            "errors": ex.errors, "nodes": ex.nodes, "order": P.order}


# -------------------------------------------------------------- self-test
# Each: (what, program, interleavings, {output tuple: count}, races as
# (loc, t1, l1, k1, t2, l2, k2) or None, errors {(thread, line, kind)} or None).
# The counts are by hand: a thread of k steps against one of m steps, free
# of each other, interleave in C(k+m, k) ways, after main's steps.
HEAD = "import threading\n"

# exact counts of small programs, by hand (comment in each)
COUNT_TESTS = [
    # main: start t1 (1 step), then t1 runs alone: with no other thread, 1
    ("one thread: one interleaving", HEAD + """
x = 0
def f(a, b=2):
    return a + b + x
def w(k):
    global x
    x = f(k) + f(k, b=10)
t1 = threading.Thread(target=w, args=(1,))
t1.start()
t1.join()
print(x)
""", 1, {("14",): 1}, None, set()),
    # t1: [call f reached] [return y (read y)] [write x]: 3 steps (the rest of
    # `x = f()` would be the return step's 2nd access: a step of its own).
    # t2: [print(x)]: 1 step.  main: start t1, start t2 (2 steps), nothing
    # after.  Schedules: main1, then t1 may take 0..3 steps before main2
    # (4 ways), then the rest of t1 (3-a steps) against t2's 1: (3-a)+1 ways.
    # a=0:4, a=1:3, a=2:2, a=3:1 -> 10.  print 5 iff t2 after t1's write.
    ("P1: the rest after a return that made an access is its own step", HEAD + """
x = 0
y = 5
def f():
    return y
def w():
    global x
    x = f()
def r():
    print(x)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=r)
t1.start()
t2.start()
""", 10, {("0",): 6, ("5",): 4}, None, None),
    # The same with `return 5` (no access): t1 is 2 steps [call][return 5 +
    # write x]: a = 0..2: 3 + 2 + 1 = 6; t2 prints 5 only when last: 3.
    ("P1: the rest belongs to a returning step that made no access", HEAD + """
x = 0
def f():
    return 5
def w():
    global x
    x = f()
def r():
    print(x)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=r)
t1.start()
t2.start()
""", 6, {("0",): 3, ("5",): 3}, None, None),
    # `f()` as a statement, f's body `pass` with no return: t1 = [call]
    # [pass][implicit return None] = 3 steps, t2 1: a = 0..3: 4+3+2+1 = 10
    ("P1: reaching the end of a called body is a step", HEAD + """
x = 0
def f():
    pass
def w():
    f()
def r():
    print(x)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=r)
t1.start()
t2.start()
""", 10, {("0",): 10}, None, None),
    # The target's own end is no step: t1 = [pass] only: a = 0: 2, a = 1: 1.
    ("a thread's target ending is not a step", HEAD + """
x = 0
def w():
    pass
def r():
    print(x)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=r)
t1.start()
t2.start()
""", 3, {("0",): 3}, None, None),
    # with in the callee and return inside it: g = [with enter][return 1]
    # [release + rest of `x = g()` (write x)]; w: [call] + those 3 = 4 steps;
    # t2 1 step: a=0..4: 5+4+3+2+1 = 15; t2 prints 1 only after the
    # release step: when last, once per a: 5
    ("P1 + D4: the rest of the caller follows the release of a with the return leaves",
     HEAD + """
x = 0
m = threading.Lock()
def g():
    with m:
        return 1
def w():
    global x
    x = g()
def r():
    print(x)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=r)
t1.start()
t2.start()
""", 15, {("0",): 10, ("1",): 5}, None, None),
    # nested calls f(g(1)): [stmt reaches g] [g: return a + 1, reaches f]
    # [f: return b * 2 + write x]: 3 steps; t2 1: a = 0..3: 4+3+2+1 = 10;
    # prints 4 when last, once per a: 4
    ("P1: nested calls f(g(1)): g's return step reaches the call of f", HEAD + """
x = 0
def g(a):
    return a + 1
def f(b):
    return b * 2
def w():
    global x
    x = f(g(1))
def r():
    print(x)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=r)
t1.start()
t2.start()
""", 10, {("0",): 6, ("4",): 4}, None, None),
    # A call in a while condition: t1 = [k = 0][condition reaches c(k)]
    # [return k < 1: true, the branch][k += 1][condition reaches c]
    # [return: false, the loop ends] = 6 steps; t2 1: a = 0..6: 7+...+1 = 28
    ("P1: a call in a while condition", HEAD + """
x = 0
def c(k):
    return k < 1
def w():
    k = 0
    while c(k):
        k += 1
def r():
    print(x)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=r)
t1.start()
t2.start()
""", 28, {("0",): 28}, None, None),
    # An error in the callee ends the thread and releases the caller's with
    # within the error step (D11): t1 = [with enter][call f][assert fails,
    # release] (error at line 5); main, after its start, [enter][print]
    # [release].  The two critical sections exclude each other, and no
    # step lies outside them: t1's section first or main's: 2.
    ("an error in a callee releases the caller's with (D11)", HEAD + """
m = threading.Lock()
def f(a):
    assert a > 1
    return a
def w(v):
    with m:
        f(v)
t1 = threading.Thread(target=w, args=(0,))
t1.start()
with m:
    print(1)
""", 2, {("1",): 2}, None, {("t1", 5, "AssertionError")}),
]


# Classes, logging, string constants and the executor in main
# (docs/classes-rules.md C1-C4, L1, S1, E1-E6), by hand.  Each:
# (what, program, interleavings, {output tuple: count}, races as a set of
# (location, (thread, line, access), (thread, line, access)) or None,
# errors {(thread, line, kind)} or None).  Steps before main's first start
# (or the with) are main's alone and multiply nothing.
FAKE_DB = """import concurrent.futures, logging, threading, time
class FakeDatabase:
    def __init__(self):
        self.value = 0
    def update(self, name):
        logging.info("Thread %s: starting update", name)
        local_copy = self.value
        local_copy += 1
        time.sleep(0.1)
        self.value = local_copy
        logging.info("Thread %s: finishing update", name)
if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")
    database = FakeDatabase()
    logging.info("Testing update. Starting value is %d.", database.value)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        for index in range(2):
            executor.submit(database.update, index)
    logging.info("Testing update. Ending value is %d.", database.value)
"""
FDB_OUT = ("Testing update. Starting value is 0.", "Thread 0: starting update",
           "Thread 0: finishing update", "Thread 1: starting update",
           "Thread 1: finishing update")
FDB_RACES = {("database.value", ("w0", 7, "read"), ("w1", 10, "write")),
             ("database.value", ("w0", 10, "write"), ("w1", 7, "read")),
             ("database.value", ("w0", 10, "write"), ("w1", 10, "write"))}
CLASS_TESTS = [
    # The notes' FakeDatabase with max_workers=1.  Main after the with (W):
    # H0 S0 H1 S1 Hend X L (headers, submits, shutdown, the last logging).
    # w0: take0 (after S0), the 6 steps of update (logging, read value,
    # local +=, sleep, write value, logging; its end no step), take1 (after
    # S1), 6 steps, then it ends with no step; X waits for that.  So main's
    # H1 S1 Hend merge with w0's 14 steps, S1 before take1 (w0's 8th): with
    # j of w0's steps before S1 (j = 0..7), H1 has j + 1 places and Hend
    # 15 - j: sum (j + 1)(15 - j) = 15+28+39+48+55+60+63+64 = 372.  One
    # worker runs the tasks in order: always "... Ending value is 2.".
    # No race: main's accesses are before the with or after the shutdown.
    ("E1-E4 + C1-C4 + L1 + S1: FakeDatabase, 1 worker, 2 submits in a loop",
     FAKE_DB.replace("max_workers=2", "max_workers=1"), 372,
     {FDB_OUT + ("Testing update. Ending value is 2.",): 372}, set(), set()),
    # 2 workers, 1 submit, a read of x inside the with.  Main: W S0 P1 X P2;
    # the task: take, write x.  After S0 the task is taken by w0 or w1 (the
    # other ends at once, with no step: every task is taken); P1 goes before
    # the take, between take and write, or after the write: 2 x 3 = 6;
    # P1 prints 5 only after the write: 2.  P1's read races with the write;
    # P2 is after the shutdown (E6).
    ("E3: 2 workers, 1 submit: the worker left without a task ends with no step", """import threading, concurrent.futures
x = 0
def task(k):
    global x
    x = k
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
    ex.submit(task, 5)
    print(x)
print(x)
""", 6,
     {("0", "5"): 4, ("5", "5"): 2},
     {("x", ("main", 8, "read"), ("w0", 5, "write")),
      ("x", ("main", 8, "read"), ("w1", 5, "write"))}, set()),
    # 1 worker, 2 submits of a module function: main W S0 S1 X P; w0: take0,
    # read x, write x, take1 (after S1), read, write.  S1 goes before take1:
    # after 0, 1, 2 or 3 of w0's steps: 4.  Always 3, no race.
    ("E2/E3: 1 worker, 2 submits, from ... import ThreadPoolExecutor", """from concurrent.futures import ThreadPoolExecutor
x = 0
def add(d):
    global x
    x = x + d
with ThreadPoolExecutor(max_workers=1) as ex:
    ex.submit(add, 1)
    ex.submit(add, 2)
print(x)
""", 4, {("3",): 4}, set(), set()),
    # A Lock attribute in `with self._lock:`.  Main before the starts:
    # c = Counter() and __init__'s 2 statements and its implicit return
    # (alone).  t1, t2: [acquire][read n][write n][release] = 4 steps each;
    # main: s1 s2 j1 j2 print.  t1's section first: s2 after 0..4 of t1's
    # steps (5) times j1 before/among/after t2's 4 steps (5) = 25; t2's
    # first: s2 before t1 moves, then t2, t1, j1 j2 p: 1.  26, always 2; the
    # lock orders every access: no race.
    ("C3: a Lock attribute used in `with self._lock:`", HEAD + """class Counter:
    def __init__(self):
        self.n = 0
        self._lock = threading.Lock()
    def inc(self):
        with self._lock:
            self.n += 1
c = Counter()
t1 = threading.Thread(target=c.inc)
t2 = threading.Thread(target=c.inc)
t1.start()
t2.start()
t1.join()
t2.join()
print(c.n)
""", 26, {("2",): 26}, set(), set()),
    # A hidden error: task 0 fails its assert (1 step, the error step), task
    # 1 = [assert][x = 2].  Main W S0 S1 X P, 2 workers.  After S0:
    # (1) S1 first, then take0 by wA (2 ways): wA's error before wB moves:
    #     then either worker takes task 1 (2) and runs it: 2; or wB takes
    #     task 1 first: wA's error step among wB's 2 steps: 3; 5 each: 10.
    # (2) take0 by wA (2 ways) before S1: S1 next: 5 as in (1); wA's error
    #     first: S1, then either takes task 1: 2; 7 each: 14.  24 in all,
    #     half with the error in w0.  The error is swallowed: print 2.
    ("E5: an error in a task is hidden by the executor, the worker goes on", HEAD + """import concurrent.futures
x = 0
def work(k):
    global x
    assert k > 0
    x = k
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
    ex.submit(work, 0)
    ex.submit(work, 2)
print(x)
""", 24, {("2",): 24}, set(), {("w0", 6, "AssertionError"), ("w1", 6, "AssertionError")}),
    # logging.info with args reads x twice: 2 steps, the line in the second
    # (L1 = print's rule 4); then x = 5.  t1: r1 r2 w.  Main after s1:
    # basicConfig (a step, B) then logging.warning(msg, x) (one read, M);
    # msg and fmt are constants (S1: no access).  B and M among t1's 3
    # steps: C(5, 2) = 10; with M after k of t1's steps, B has k + 1 places:
    # k = 0, 1: main's line first, x 1 (1 + 2 = 3); k = 2: t1's line first,
    # x 1 (3); k = 3: x 5 (4).  M's read races with t1's write.
    ("L1 + S1: logging.info with %d/%s args, basicConfig a step, a constant message", HEAD + """import logging
x = 1
fmt = "%(message)s"
msg = "main sees %s"
def w():
    global x
    logging.info("x is %d, twice %s", x, x * 2)
    x = 5
t1 = threading.Thread(target=w)
t1.start()
logging.basicConfig(format=fmt, level=logging.INFO)
logging.warning(msg, x)
""", 10, {("main sees 1", "x is 1, twice 2"): 3, ("x is 1, twice 2", "main sees 1"): 3,
          ("x is 1, twice 2", "main sees 5"): 4},
     {("x", ("main", 13, "read"), ("t1", 9, "write"))}, set()),
    # E6: submit -> take.  Main: W, x = 1, S0, x = 2, X; w0: take, print(x).
    # x = 2 goes before the take, between take and print, or after the
    # print: 3; print 2 in the first two.  x = 1 is ordered before the read
    # by the submit and the take; x = 2 is not: one race.
    ("E6: a submit happens-before the take of its task, not the rest of main", HEAD + """import concurrent.futures
x = 0
def task():
    print(x)
with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    x = 1
    ex.submit(task)
    x = 2
""", 3, {("2",): 2, ("1",): 1}, {("x", ("main", 9, "write"), ("w0", 5, "read"))}, set()),
    # C2: an object created after a start: [p = P(x): reads x, reaches
    # __init__][self.a = a][self.b = a + 1][implicit return, __init__'s last
    # line][print: read p.a][read p.b, the line] = 6 steps of main after s1;
    # t1 = [x = 1]: 7 places; "1 2" only when t1 goes first.
    ("C2: NAME = C(args) is a step, __init__'s statements and its return are steps", HEAD + """x = 0
class P:
    def __init__(self, a):
        self.a = a
        self.b = a + 1
def w():
    global x
    x = 1
t1 = threading.Thread(target=w)
t1.start()
p = P(x)
print(p.a, p.b)
""", 7, {("1 2",): 1, ("0 1",): 6}, {("x", ("main", 12, "read"), ("t1", 9, "write"))}, set()),
    # C4 + P1 in methods: t1 runs acc.add_twice(1): [self.add(d) reaches add]
    # [read total][write total][add's implicit return] twice = 8 steps (the
    # target's end no step); t2 = [print(x)]; main s1 s2 j1 p.  t1 takes a
    # = 0..8 steps before s2; then its other 8 - a steps, j1, p in order and
    # t2's step anywhere among them: 11 - a places: 11 + ... + 3 = 63; t2
    # prints last (after p) once per a: 9.
    ("C4: self.m() and a bound method as a target; method calls follow P1", HEAD + """x = 0
class Acc:
    def __init__(self):
        self.total = 0
    def add(self, d):
        self.total += d
    def add_twice(self, d):
        self.add(d)
        self.add(d)
acc = Acc()
def r():
    print(x)
t1 = threading.Thread(target=acc.add_twice, args=(1,))
t2 = threading.Thread(target=r)
t1.start()
t2.start()
t1.join()
print(acc.total)
""", 63, {("0", "2"): 54, ("2", "0"): 9}, set(), set()),
]
# The notes' program itself: 260432 interleavings (about 90 s here; run by
# --self-test --slow).  Main after the with: H0 S0 H1 S1 Hend X L; 2
# workers, 2 tasks of 6 steps each; the count of that scheduling skeleton
# (takes after their submits, X after both workers end, an idle worker
# ending once both tasks are taken) is 260432, which a separate memoised
# count of the skeleton alone also gives.  value 1 (lost update) in
# 222300 of them.
SLOW_CLASS_TESTS = [
    ("the notes' FakeDatabase, 2 workers", FAKE_DB, 260432, None, FDB_RACES, set()),
]


# Edge programs (no hand count): func_compare.py --hand compares them with
# the engine, for the P1 cases the generator makes rarely.
EDGE_TESTS = [
    ('an error in the rest of a calling statement, after a return step that read', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f():
    return y
def w():
    global x
    x = f() // 0

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('return inside two with blocks: two release steps, the rest in the last', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f():
    with m:
        with r:
            return y
def w():
    global x
    x = f() + 1

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('return inside a for inside a with', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f(n):
    with m:
        for i in range(n):
            if i == 1:
                return i + y
    return 0
def w():
    global x
    x = f(3)

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('calls nested three deep, in arguments and in returns', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def h(a):
    return a + x
def g(a):
    return h(a) * 2
def f(a):
    return g(a) + y
def w():
    global z
    z = f(g(h(1)))

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ("a call in a for header's range()", """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f(a):
    return a + y
def w():
    global x
    for i in range(f(0)):
        x = i

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('a call between two shared reads in print', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f(a):
    return a
def w():
    print(x, f(1), y)

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('keyword arguments evaluated in source order', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f(a, b):
    return a - b
def w():
    global z
    z = f(b=x, a=y)

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('x += f(1): the read of x before the call, the write after', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f(a):
    return a + y
def w():
    global x
    x += f(1)

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ("buf[f(0)] = g(1) and buf[f(1)] += g(2): D2's order across calls", """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f(a):
    return a
def g(a):
    return a + y
def w():
    buf[f(0)] = g(1)
    buf[f(1)] += g(2)

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('calls short-circuited by and/or', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f(a):
    return a + y
def w():
    global x
    if x > 0 and f(1):
        x = 5
    if x == 0 or f(1) > x:
        x = 7

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ("a thread's target returning a value", """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def w():
    global x
    x = 1
    return x + y

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('an RLock taken again by the callee, passed as an argument', """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def w():
    global x
    with r:
        x = g2(r)
def g2(lk):
    with lk:
        return y + 1

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ("an assert failing in a callee inside the caller's with", """import threading
x = 0
y = 3
z = 0
buf = [0, 0]
m = threading.Lock()
r = threading.RLock()

def f(a):
    assert a > 5, "no"
    return a
def w():
    global x
    with m:
        x = f(y) + 1

def rd():
    print(x, y)
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=rd)
t1.start()
t2.start()
"""),
    ('threads passed to a helper main calls, which joins them', """import threading
x = 0
def waiter(t):
    t.join()
    return x
def w(k):
    global x
    x = k
t1 = threading.Thread(target=w, args=(1,))
t2 = threading.Thread(target=w, args=(2,))
t1.start()
t2.start()
print(waiter(t1) + waiter(t2))
"""),
    ('main calls a target function before and after starting it', """import threading
x = 0
m = threading.Lock()
def w(k, lk):
    global x
    with lk:
        x = x + k
    return x
t1 = threading.Thread(target=w, args=(1, m))
x = w(5, m)
t1.start()
print(w(2, m))
"""),
    ('a lock acquired in a callee and never released: deadlocks', """import threading
x = 0
m = threading.Lock()
def grab(lk):
    lk.acquire()
    return 1
def w(k):
    global x
    x = grab(m) + k
t1 = threading.Thread(target=w, args=(1,))
t2 = threading.Thread(target=w, args=(2,))
t1.start()
t2.start()
t1.join()
"""),
    ('defaults, keywords and positional arguments mixed', """import threading
x = 0
y = 0
def f(a=1, b=2):
    return a * 10 + b
def w(k, j=7):
    global x, y
    x = f(b=k) + f(k) + f()
    y = f(j, b=x)
t1 = threading.Thread(target=w, args=(1,))
t2 = threading.Thread(target=w, args=(2, 3))
t1.start()
t2.start()
"""),
    ("a ZeroDivisionError in the rest, after the release step of the callee's with", """import threading
x = 0
m = threading.Lock()
def f():
    with m:
        return y_div()
def y_div():
    return 1
def w():
    global x
    x = f() // x
t1 = threading.Thread(target=w)
t1.start()
"""),
    ("a spin on a call's result: a cycle", """import threading
x = 0
def waiting():
    return x == 0
def w():
    while waiting():
        pass
    print(x)
def s():
    global x
    x = 1
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=s)
t1.start()
t2.start()
"""),
    ('acquire(timeout=) and is_alive in a callee, threads passed by name', """import threading
x = 0
m = threading.Lock()
e = threading.Event()
s = threading.Semaphore(1)
def try_it(lk, t):
    if lk.acquire(timeout=1):
        return 1
    return t.is_alive()
def w(k):
    global x
    x = try_it(m, t2) + k
    e.set()
def v(k):
    global x
    e.wait()
    with s:
        x = try_it(m, t1) * 10 + x
t1 = threading.Thread(target=w, args=(1,))
t2 = threading.Thread(target=v, args=(2,))
t1.start()
t2.start()
"""),
    ('a procedure called inside a with of a callee, twice in one statement', """import threading
x = 0
m = threading.Lock()
def inner():
    global x
    x = x + 1
def outer(lk):
    with lk:
        inner()
        return 2
def w():
    global x
    x = outer(m) + outer(m) + x
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=w)
t1.start()
t2.start()
"""),
    ('a for over a shared loop variable, continue, a while True broken or left by return inside a with, a call in an index', """import threading
x = 0
y = 0
buf = [1, 0]
m = threading.Lock()
def loop(lst):
    global x
    for x in range(2):
        if lst[x] > 0:
            continue
        with m:
            while True:
                if y > 0:
                    break
                return lst[x] + y
    return 9
def w():
    global y
    y = buf[loop(buf) % 2]
def v():
    global y
    if y == 0:
        y = 1
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=v)
t1.start()
t2.start()
"""),
    ("a failing assert in a callee's with inside the caller's with; a target returning another target's result", """import threading
x = 0
y = 0
m = threading.Lock()
n = threading.Lock()
def f(a, b):
    with n:
        assert a != b
        return a
def w(k):
    global x
    with m:
        x = f(x, y) + k
    return w2(k)
def w2(k):
    global y
    y = k
    return y
t1 = threading.Thread(target=w, args=(1,))
t2 = threading.Thread(target=w2, args=(2,))
t1.start()
t2.start()
t1.join()
t2.join()
print(x, y)
"""),
    ('negative and bool defaults, a lock by keyword, a bool thread argument', """import threading
x = 0
m = threading.Lock()
def f(lk, a=-1, b=True):
    with lk:
        return a + b
def w(k, j=-2):
    global x
    x = f(lk=m, a=k) + f(m) + j
t1 = threading.Thread(target=w, args=(-1,))
t2 = threading.Thread(target=w, args=(1, False))
t1.start()
t2.start()
"""),
]


def self_test(slow=False):
    import tempfile
    bad = 0
    tests = [(a, b, c, d, None, f) for a, b, c, d, e, f in COUNT_TESTS]
    tests += CLASS_TESTS + (SLOW_CLASS_TESTS if slow else [])
    for name, text, n, outs, races, errors in tests:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(text)
            p = f.name
        big = n is not None and n > 20000
        r = explore(p, cap=n + 1, node_cap=10 ** 8, max_seconds=3600) if big else explore(p)
        os.unlink(p)
        errs = []
        if r["status"] != "ok":
            errs.append(f"status {r}")
        else:
            if r["infinite"]:
                errs.append("a cycle found")
            if n is not None and r["interleavings"] != n:
                errs.append(f"interleavings {r['interleavings']} != {n}")
            got = {}
            for o in r["outcomes"]:
                got[tuple(o["output"])] = got.get(tuple(o["output"]), 0) + o["interleavings"]
            if outs is not None and got != outs:
                errs.append(f"outputs {got} != {outs}")
            if errors is not None and r["errors"] != errors:
                errs.append(f"errors {r['errors']} != {errors}")
            if races is not None:
                want = {(loc, frozenset((a, b)) if a != b else frozenset((a,)))
                        for loc, a, b in races}
                for reading in ("races", "step_races"):
                    if r[reading] != want:
                        errs.append(f"{reading} {sorted(map(str, r[reading]))} != "
                                    f"{sorted(map(str, want))}")
        print(("ok   " if not errs else "FAIL ") + name)
        for e in errs:
            print("     " + e)
        bad += bool(errs)
    print(f"self-test: {len(tests) - bad} passed, {bad} failed")
    return 1 if bad else 0


def report(r):
    if r["status"] != "ok":
        return r
    r = dict(r)
    r["races"] = race_list(r["races"])
    r["step_races"] = race_list(r["step_races"])
    r["deadlocks"] = [[{"thread": a, "line": b, "waiting_for": c} for a, b, c in d]
                      for d in sorted(r["deadlocks"])]
    r["errors"] = [{"thread": a, "line": b, "kind": c} for a, b, c in sorted(r["errors"])]
    return r


def main():
    if len(sys.argv) in (2, 3) and sys.argv[1] == "--self-test":
        sys.exit(self_test(slow=sys.argv[2:] == ["--slow"]))
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    r = report(explore(sys.argv[1]))
    json.dump(r, sys.stdout, indent=1)
    print()
    sys.exit({"ok": 0, "unsupported": 2}.get(r["status"], 3))


if __name__ == "__main__":
    main()
