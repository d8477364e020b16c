#!/usr/bin/env python3
"""Independent brute force for Python program files with functions (issue 15).

    python3 tests/py_brute.py PROGRAM.py       # the brute force's answer, as JSON
    python3 tests/py_brute.py --self-test      # hand-computed checks of this file

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
    def __init__(self, what):
        self.what = what


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
                    if not isinstance(kw.get("target"), ast.Name):
                        raise Unsupported("Thread target")
                    args = []
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
                            else:
                                args.append(const_value(a))
                    if "daemon" in kw and const_value(kw["daemon"]):
                        raise Unsupported("daemon")
                    name = nm
                    if "name" in kw:
                        name = kw["name"].value
                    P.threads.append((name, kw["target"].id, args, nm))
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
    P.tvar = {t[3]: t[0] for t in P.threads}     # variable -> thread name
    P.names = ["main"] + [t[0] for t in P.threads]
    P.index = {n: i for i, n in enumerate(P.names)}
    P.code = {}
    P.code[None] = compile_body(P, main, None)
    for name, node in P.funcs.items():
        P.code[name] = compile_body(P, node.body, node)
    P.threadfn = [None] + [t[1] for t in P.threads]
    P.threadargs = [None] + [t[2] for t in P.threads]
    for fn in P.threadfn[1:]:
        if fn not in P.funcs:
            raise Unsupported(f"target {fn}")
    return P


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
        C.locals = assigned_names(stmts) - set(P.shared)
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
        elif isinstance(s, ast.With):
            if len(s.items) != 1 or s.items[0].optional_vars is not None or \
                    not isinstance(s.items[0].context_expr, ast.Name):
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
    __slots__ = ("sh", "objs", "th", "out", "errs", "hist")

    def copy(self):
        s = State.__new__(State)
        s.sh = {k: (list(v) if isinstance(v, list) else v) for k, v in self.sh.items()}
        s.objs = {k: [dict(o[0]), list(o[1])] for k, o in self.objs.items()}
        s.th = [t.copy() for t in self.th]
        s.out, s.errs = self.out, self.errs
        s.hist = dict(self.hist)
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
        t.frames = [new_frame(P, fn, loc)]
        t.withs, t.vc = [], [0] * n
        t.started, t.done = i == 0, False
        s.th.append(t)
    s.out, s.errs, s.hist = (), (), {}
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
    while True:
        fr = t.frames[-1]
        op = P.code[fr.fn].ops[fr.pc]
        k = op[0]
        if k == "jump":
            fr.pc = op[2]
        elif k == "freset":
            fr.loc.pop(op[2], None)
            fr.pc += 1
        elif k in ("iret", "fend") and len(t.frames) == 1:
            t.done = True
            return
        else:
            return


def key(s):
    sh = tuple(tuple(v) if isinstance(v, list) else v for v in s.sh.values())
    ob = tuple(tuple(sorted(o[0].items())) for o in s.objs.values())
    th = tuple((tuple(f.key() for f in t.frames), tuple(t.withs), t.started, t.done)
               for t in s.th)
    return (sh, ob, th, s.out, s.errs)


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


def ev(c, n, whole=False):
    if isinstance(n, ast.Constant):
        if isinstance(n.value, (bool, int)):
            return int(n.value)
        raise Unsupported("constant")
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


def call(c, n):
    P = c.P
    if isinstance(n.func, ast.Name) and n.func.id in P.funcs:
        fn = n.func.id
        # the arguments, left to right (P1), then the call
        pos = [ev(c, a, whole=True) for a in n.args]
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
    if isinstance(n.func, ast.Attribute):
        f = n.func
        if isinstance(f.value, ast.Name) and f.value.id == "time" and f.attr == "sleep":
            return 0
        obj = ev(c, f.value, whole=True)
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
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    items.append(a.value)
                else:
                    items.append(str(num(ev(c, a))))
            if e.keywords:
                raise Unsupported("print keywords")
            c.s.out = c.s.out + (" ".join(items),)
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


def store(c, nm, v):
    P = c.P
    if is_local(c, nm):
        c.fr.loc[nm] = v
        return
    if nm in P.shared and not isinstance(P.shared[nm], list):
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
    t.done = True
    s.errs = s.errs + ((c.i, f"{c.P.names[c.i]}: {kind} at line {c.line}", c.line, kind),)


def step(P, s, i):
    """Takes thread i's step in s (a copy: on Blocked the caller drops it).
    Returns the races the step's accesses make."""
    t = s.th[i]
    t.vc[i] += 1
    c = Ctx(P, s, i)
    first = True      # no step op run yet
    cont = False      # the top frame resumes its statement after a return
    while True:
        fr = t.frames[-1]
        op = P.code[fr.fn].ops[fr.pc]
        k = op[0]
        if k in ("jump", "freset") or (k in ("iret", "fend") and len(t.frames) == 1):
            settle(P, s, i)
            if t.done:
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
                fr = t.frames[-1]
                blocked.append((P.names[i], P.code[fr.fn].ops[fr.pc][1], b.what))
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


def self_test():
    import tempfile
    bad = 0
    tests = [(a, b, c, d, e, f) for a, b, c, d, e, f in COUNT_TESTS]
    for name, text, n, outs, races, errors in tests:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(text)
            p = f.name
        r = explore(p)
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
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        sys.exit(self_test())
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    r = report(explore(sys.argv[1]))
    json.dump(r, sys.stdout, indent=1)
    print()
    sys.exit({"ok": 0, "unsupported": 2}.get(r["status"], 3))


if __name__ == "__main__":
    main()
