#!/usr/bin/env python3
"""Independent brute-force race checker for interleave (issue 13).

    python3 tests/race_brute.py PROGRAM.yaml     # the brute force's answer, as JSON
    python3 tests/race_brute.py --self-test      # hand-computed checks of this file

Written from the contract only (../shared/spec/language.md: "Steps",
"Data races", D1-D26), never from the engine's code, so that it can check it.
It is slow on purpose: a plain depth-first search over every schedule, each
state copied, no state merging, no reduction, no symmetry.  Every step of
every interleaving carries vector clocks built from the happens-before edges
of D22; each shared access is compared with every earlier access to the same
location on the same path: two accesses from different threads, one a write,
neither clock <= the other, are a race (D23: one entry per location and
unordered pair of (thread, line, access kind)).

Thread bodies are parsed with Python's own `ast` (the language is a Python
subset).  A statement is evaluated from its start in each of its steps; the
results of the shared accesses and of the sync call made in its earlier steps
are replayed from a record, so the k-step rule (D1) needs no stack machine:
a step performs at most one new access and stops just before the next one.

Cycles (spin loops): a state (everything but the clocks) may occur at most
twice on one path; the third occurrence ends the path.  Such a program is
marked `infinite`: its outcome set is still exact, its counts are not, and
its races are real races but maybe not all of them (race_compare.py then
checks only that the tool reports each of them).

Unsupported (the program is reported as such, never guessed at): timers,
executors.  Anything else the loader does not know raises Unsupported."""
import ast, json, sys, time

sys.setrecursionlimit(20000)

INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1


class Unsupported(Exception):
    pass


class TooLarge(Exception):
    pass


class Suspend(Exception):
    """The step ends just before this access (D1)."""


class Blocked(Exception):
    """The step is not enabled: its sync call would block (D3, 5)."""


class Proceeds(Exception):
    """Dry run: the step is enabled."""


class PyError(Exception):
    def __init__(self, kind):
        self.kind = kind


def join(a, b):
    return [x if x >= y else y for x, y in zip(a, b)]


def released(t, i):
    """After a release-like call has published thread i's clock: the rest of
    the step (the write of `x = b.wait()`, D20) comes after the release in
    program order, so it must not be covered by what the release carries."""
    t.vc[i] += 1


# ---------------------------------------------------------------- loading
class Program:
    pass


def load(path):
    import yaml
    try:
        with open(path) as f:
            text = f.read()
        root = yaml.compose(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise Unsupported(f"unreadable: {e}".splitlines()[0])
    if root is None or not isinstance(root, yaml.MappingNode):
        raise Unsupported("not a mapping")
    top = {}
    for k, v in root.value:
        top[k.value] = v
    for k in top:
        if k not in ("name", "about", "shared", "sync", "threads", "expect"):
            raise Unsupported(f"top-level key {k}")
    P = Program()
    P.path = path
    P.shared = {}          # name -> int | list
    P.order = []
    if "shared" in top:
        for k, v in top["shared"].value:
            val = yaml.safe_load(yaml.serialize(v))
            if isinstance(val, bool) or isinstance(val, int):
                P.shared[k.value] = int(val)
            elif isinstance(val, list):
                P.shared[k.value] = [int(x) for x in val]
            elif isinstance(val, dict):
                P.shared[k.value] = [int(val.get("value", 0))] * int(val["size"])
            else:
                raise Unsupported(f"shared {k.value}")
            P.order.append(k.value)
    P.sync = {}
    if "sync" in top:
        for k, v in top["sync"].value:
            P.sync[k.value] = parse_ctor(str(v.value))
    P.threads = []         # (name, body node, count, daemon)
    for k, v in top["threads"].value:
        count, daemon = 1, False
        if isinstance(v, yaml.ScalarNode):
            body = v
        else:
            opts = {kk.value: vv for kk, vv in v.value}
            if "timer" in opts and opts["timer"].value in ("true", "True"):
                raise Unsupported("timer")
            body = opts["body"]
            if "count" in opts:
                count = int(opts["count"].value)
            if "daemon" in opts:
                daemon = opts["daemon"].value in ("true", "True")
        P.threads.append((k.value, body, count, daemon))
    if "executor" in top:
        raise Unsupported("executor")
    # instances in file order
    P.inst = []            # (name, decl, id, daemon, code)
    for name, body, count, daemon in P.threads:
        if body.style != "|":
            line0 = body.start_mark.line      # one-line body: its own line
            src = body.value
        else:
            line0 = body.start_mark.line + 1  # first content line, 0-based
            src = body.value
        code = compile_body(src, line0, P)
        code = [op + (may_block(op),) for op in code]
        for i in range(count):
            nm = name if count == 1 else f"{name}{i}"
            P.inst.append((nm, name, i, daemon, code))
    P.names = [x[0] for x in P.inst]
    P.index = {n: i for i, n in enumerate(P.names)}
    P.has_main = "main" in P.index
    return P


def parse_ctor(s):
    s = s.strip()
    for pre in ("threading.", "queue."):
        if s.startswith(pre):
            s = s[len(pre):]
    if "(" in s:
        kind, arg = s.split("(", 1)
        arg = arg.rstrip(")").strip()
    else:
        kind, arg = s, ""
    if kind in ("Lock", "RLock", "Event"):
        return (kind, None)
    if kind in ("Semaphore", "BoundedSemaphore"):
        return (kind, int(arg) if arg else 1)
    if kind == "Condition":
        return (kind, arg or None)
    if kind == "Barrier":
        return (kind, int(arg))
    if kind == "Queue":
        return (kind, int(arg) if arg else 0)
    raise Unsupported(f"sync {s}")


# ------------------------------------------------------------- compiling
# A body becomes a flat list of ops.  Step ops: ("stmt", node), ("cond",
# node, target-if-false), ("for", node, slot, target-end), ("wenter", obj),
# ("wexit", obj), ("ret",).  Free ops (no step): ("jump", target),
# ("freset", slot), ("end",).  Each op carries its file line at [1].

def compile_body(src, line0, P):
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        raise Unsupported(f"syntax {e}")
    ops = []
    nslot = [0]

    def L(node):
        return node.lineno + line0

    def emit(op):
        ops.append(op)
        return len(ops) - 1

    def block(stmts, loops, withs):
        for s in stmts:
            stmt(s, loops, withs)

    def stmt(s, loops, withs):
        if isinstance(s, (ast.Assign, ast.AugAssign, ast.Expr, ast.Assert, ast.Pass)):
            emit(("stmt", L(s), s))
        elif isinstance(s, ast.If):
            c = emit(["cond", L(s), s.test, None])
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
            head = emit(["cond", L(s), s.test, None])
            lp = {"head": head, "breaks": [], "withs": len(withs)}
            block(s.body, loops + [lp], withs)
            emit(["jump", None, head])
            ops[head][3] = len(ops)
            for b in lp["breaks"]:
                ops[b][2] = len(ops)
        elif isinstance(s, ast.For):
            if s.orelse or not isinstance(s.target, ast.Name):
                raise Unsupported("for form")
            slot = f"$for{nslot[0]}"
            nslot[0] += 1
            emit(("freset", None, slot))
            head = emit(["for", L(s), s, slot, None])
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
            o = s.items[0].context_expr.id
            emit(("wenter", L(s), o))
            block(s.body, loops, withs + [(o, L(s))])
            emit(("wexit", L(s), o))
        elif isinstance(s, (ast.Break, ast.Continue)):
            lp = loops[-1]
            for o, ln in reversed(withs[lp["withs"]:]):
                emit(("wexit", ln, o))
            if isinstance(s, ast.Break):
                lp["breaks"].append(emit(["jump", None, None]))
            else:
                emit(["jump", None, lp["head"]])
        elif isinstance(s, ast.Return):
            if s.value is not None:
                raise Unsupported("return value")
            emit(("ret", L(s)))
            for o, ln in reversed(withs):
                emit(("wexit", ln, o))
            emit(["jump", None, "END"])
        else:
            raise Unsupported(f"statement {type(s).__name__}")

    block(tree.body, [], [])
    end = emit(("end", None))
    out = []
    for op in ops:
        if op[0] == "jump" and op[2] == "END":
            op = ["jump", None, end]
        out.append(tuple(op))
    return out


def may_block(op):
    """Whether the op's step can be disabled: it makes a sync call (D3) or
    enters a with.  Others are enabled whenever the thread can run."""
    if op[0] == "wenter":
        return True
    if op[0] in ("stmt", "cond", "for"):
        return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                   for n in ast.walk(op[2]))
    return False


# ----------------------------------------------------------------- state
class Th:
    __slots__ = ("pc", "loc", "rec", "st", "withs", "vc", "started", "done",
                 "notified", "nvc", "barres", "timedout")

    def copy(self):
        t = Th.__new__(Th)
        t.pc, t.st, t.started, t.done = self.pc, self.st, self.started, self.done
        t.loc = dict(self.loc)
        t.rec = list(self.rec)
        t.withs = list(self.withs)
        t.vc = list(self.vc)
        t.notified, t.nvc, t.barres = self.notified, self.nvc, self.barres
        t.timedout = self.timedout
        return t


class Obj:
    """A sync object: fields depend on kind (see make_objs)."""
    __slots__ = ("kind", "f", "clock")

    def copy(self):
        o = Obj.__new__(Obj)
        o.kind = self.kind
        o.f = dict(self.f)
        for k, v in o.f.items():
            if isinstance(v, list):
                o.f[k] = list(v)
        o.clock = list(self.clock)
        return o


class State:
    __slots__ = ("sh", "objs", "th", "out", "errs", "hist")

    def copy(self):
        s = State.__new__(State)
        s.sh = {k: (list(v) if isinstance(v, list) else v) for k, v in self.sh.items()}
        s.objs = {k: o.copy() for k, o in self.objs.items()}
        s.th = [t.copy() for t in self.th]
        s.out = self.out
        s.errs = self.errs
        s.hist = dict(self.hist)
        return s


def initial(P):
    n = len(P.inst)
    s = State()
    s.sh = {k: (list(v) if isinstance(v, list) else v) for k, v in P.shared.items()}
    s.objs = {}
    for name, (kind, arg) in P.sync.items():
        o = Obj()
        o.kind, o.clock = kind, [0] * n
        if kind == "Lock":
            o.f = {"held": 0}
        elif kind == "RLock":
            o.f = {"owner": -1, "n": 0}
        elif kind in ("Semaphore", "BoundedSemaphore"):
            o.f = {"v": arg, "init": arg}
        elif kind == "Event":
            o.f = {"set": 0}
        elif kind == "Barrier":
            o.f = {"parties": arg, "arr": []}   # arrivals: thread indices
            o.f["acc"] = [0] * n                # join of the arrivals' clocks
        elif kind == "Queue":
            o.f = {"max": arg, "items": [], "unfinished": 0}
            o.f["tdclock"] = [0] * n
        elif kind == "Condition":
            o.f = {"lock": arg, "waiters": []}
        s.objs[name] = o
    for name, (kind, arg) in P.sync.items():
        if kind == "Condition" and arg is None:
            # Condition alone makes its own RLock
            o = Obj()
            o.kind, o.clock, o.f = "RLock", [0] * n, {"owner": -1, "n": 0}
            s.objs["$lock_" + name] = o
            s.objs[name].f["lock"] = "$lock_" + name
    for name, o in s.objs.items():
        if o.kind == "Condition" and (o.f["lock"] not in s.objs or
                                      s.objs[o.f["lock"]].kind not in ("Lock", "RLock")):
            raise Unsupported("Condition lock")
    s.th = []
    for i, (nm, decl, tid, daemon, code) in enumerate(P.inst):
        t = Th()
        t.pc, t.loc, t.rec, t.st, t.withs = 0, {}, [], "run", []
        t.vc = [0] * n
        t.started = (not P.has_main) or nm == "main"
        t.done = False
        t.notified, t.nvc, t.barres = False, None, None
        t.timedout = False
        s.th.append(t)
    s.out = ()
    s.errs = ()
    s.hist = {}
    for i in range(n):
        if s.th[i].started:
            skip_free(P, s, i)
    return s


def skip_free(P, s, i):
    t = s.th[i]
    code = P.inst[i][4]
    while True:
        op = code[t.pc]
        if op[0] == "jump":
            t.pc = op[2]
        elif op[0] == "freset":
            t.loc.pop(op[2], None)
            t.pc += 1
        elif op[0] == "end":
            t.done = True
            return
        else:
            return


def key(s):
    """Everything that decides the future, but the clocks (cycle detection)."""
    sh = tuple(tuple(v) if isinstance(v, list) else v for v in s.sh.values())
    ob = []
    for o in s.objs.values():
        f = o.f
        if o.kind == "Queue":
            ob.append((tuple(x[0] for x in f["items"]), f["unfinished"]))
        elif o.kind == "Barrier":
            ob.append(tuple(f["arr"]))
        elif o.kind == "Condition":
            ob.append(tuple(f["waiters"]))
        else:
            ob.append(tuple(sorted((k, v) for k, v in f.items())))
    th = tuple((t.pc, tuple(sorted((k, v) for k, v in t.loc.items())),
                tuple(map(str, t.rec)), t.st, tuple(t.withs), t.started, t.done,
                t.notified, t.barres, t.timedout) for t in s.th)
    return (sh, tuple(ob), th, s.out, s.errs)


# ------------------------------------------------------------ evaluation
class Ctx:
    """One attempt at one step of thread i: `dry` only asks whether it is
    enabled (no effect at all); `new` is how many new accesses it may make."""
    __slots__ = ("P", "s", "i", "t", "dry", "idx", "new", "line", "ex")

    def __init__(self, P, s, i, dry, new=1):
        self.P, self.s, self.i, self.t, self.dry = P, s, i, s.th[i], dry
        self.idx, self.new, self.ex = 0, new, None


def chk(v):
    if v < INT_MIN or v > INT_MAX:
        raise PyError("OverflowError")
    return v


def access(c, loc, kind, value=None, lst=None, index=None):
    """A shared access: replayed from the record, or the new one of this
    step, or Suspend just before it (D1)."""
    t = c.t
    if c.idx < len(t.rec):
        r = t.rec[c.idx]
        c.idx += 1
        return r
    if c.new <= 0:
        raise Suspend()
    c.new -= 1
    s = c.s
    if c.dry:
        # an access never blocks, but a sync call after it in this step may
        if kind == "write":
            raise Proceeds()
        if lst is not None:
            n = len(s.sh[lst])
            if not -n <= index < n:
                raise PyError("IndexError")
            return s.sh[lst][index]
        return s.sh[loc]
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
    t.rec.append(v)
    c.idx += 1
    return v


def log_access(c, loc, kind):
    s, i = c.s, c.i
    vc = s.th[i].vc
    h = s.hist.get(loc, ())
    for (j, ep, line, k) in h:
        if j != i and (k == "write" or kind == "write") and ep > vc[j]:
            a = (c.P.names[j], line, k)
            b = (c.P.names[i], c.line, kind)
            c.ex.races.add((loc, frozenset((a, b)) if a != b else frozenset((a,))))
    s.hist[loc] = h + ((i, vc[i], c.line, kind),)


def ev(c, n):
    P, t = c.P, c.t
    if isinstance(n, ast.Constant):
        if isinstance(n.value, bool) or isinstance(n.value, int):
            return int(n.value)
        raise Unsupported("constant")
    if isinstance(n, ast.Name):
        nm = n.id
        if nm in P.shared:
            if isinstance(P.shared[nm], list):
                raise Unsupported("whole list")
            return access(c, nm, "read")
        if nm == "id":
            return P.inst[c.i][2]
        if nm in t.loc:
            return t.loc[nm]
        raise PyError("UnboundLocalError")
    if isinstance(n, ast.Subscript):
        if not isinstance(n.value, ast.Name) or n.value.id not in P.shared:
            raise Unsupported("subscript")
        ix = ev(c, n.slice)
        return access(c, None, "read", lst=n.value.id, index=ix)
    if isinstance(n, ast.BinOp):
        a = ev(c, n.left)
        b = ev(c, n.right)
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
        a = ev(c, n.operand)
        if isinstance(n.op, ast.USub): return chk(-a)
        if isinstance(n.op, ast.UAdd): return a
        if isinstance(n.op, ast.Not): return int(not a)
        raise Unsupported("unary")
    if isinstance(n, ast.BoolOp):
        v = ev(c, n.values[0])
        for x in n.values[1:]:
            if isinstance(n.op, ast.And):
                if not v: return v
            else:
                if v: return v
            v = ev(c, x)
        return v
    if isinstance(n, ast.Compare):
        a = ev(c, n.left)
        for op, r in zip(n.ops, n.comparators):
            b = ev(c, r)
            o = type(op)
            ok = {ast.Eq: a == b, ast.NotEq: a != b, ast.Lt: a < b, ast.LtE: a <= b,
                  ast.Gt: a > b, ast.GtE: a >= b}.get(o)
            if ok is None:
                raise Unsupported("comparison")
            if not ok:
                return 0
            a = b
        return 1
    if isinstance(n, ast.Call):
        return call(c, n)
    raise Unsupported(f"expression {type(n).__name__}")


def args_of(c, n, names):
    """Positional and keyword arguments by name (only constants and locals)."""
    out = {}
    for k, a in zip(names, n.args):
        out[k] = ev(c, a)
    for kw in n.keywords:
        out[kw.arg] = ev(c, kw.value)
    return out


def call(c, n):
    if not isinstance(n.func, ast.Attribute) or not isinstance(n.func.value, ast.Name):
        raise Unsupported("call")
    o, m = n.func.value.id, n.func.attr
    P, s = c.P, c.s
    # arguments first (Python's order), then the sync call itself
    if o in P.index:
        kw = args_of(c, n, ["timeout"])
        return sync_call(c, "thread", o, m, kw)
    if o not in s.objs:
        raise Unsupported(f"call on {o}")
    kind = s.objs[o].kind
    if kind in ("Lock", "RLock", "Semaphore", "BoundedSemaphore"):
        kw = args_of(c, n, ["blocking", "timeout"] if m == "acquire" else ["n"])
    elif kind == "Condition":
        kw = args_of(c, n, ["timeout"] if m == "wait" else
                     (["n"] if m == "notify" else ["blocking", "timeout"]))
    elif kind == "Event":
        kw = args_of(c, n, ["timeout"])
    elif kind == "Queue":
        kw = args_of(c, n, ["item", "block", "timeout"] if m.startswith("put") else ["block", "timeout"])
    elif kind == "Barrier":
        kw = args_of(c, n, ["timeout"])
        if kw:
            raise Unsupported("barrier timeout")
    else:
        raise Unsupported(kind)
    return sync_call(c, kind, o, m, kw)


def sync_call(c, kind, o, m, kw):
    t = c.t
    if c.idx < len(t.rec):
        r = t.rec[c.idx]
        if isinstance(r, tuple) and r[0] == "cw":
            return cond_wait_phase2(c, o, kw, r)
        if isinstance(r, tuple) and r[0] == "bar":
            if t.barres is None:
                raise Blocked()
            c.idx += 1
            return t.barres
        c.idx += 1
        return r
    # a new sync call: at most one per statement (D3); it happens in this step
    res = do_sync(c, kind, o, m, kw)
    if c.dry:
        raise Proceeds()
    t.rec.append(res)
    c.idx += 1
    return res


def lock_free_for(s, name, i):
    o = s.objs[name]
    if o.kind == "Lock":
        return not o.f["held"]
    if o.kind == "RLock":
        return o.f["owner"] in (-1, i)
    return o.f["v"] > 0


def lock_take(c, name):
    o = c.s.objs[name]
    i = c.i
    if o.kind == "Lock":
        o.f["held"] = 1
    elif o.kind == "RLock":
        o.f["owner"], o.f["n"] = i, o.f["n"] + 1
    else:
        o.f["v"] -= 1
    c.t.vc[:] = join(c.t.vc, o.clock)


def lock_give(c, name, k=1):
    o = c.s.objs[name]
    i = c.i
    if o.kind == "Lock":
        if not o.f["held"]:
            raise PyError("RuntimeError")
        o.f["held"] = 0
    elif o.kind == "RLock":
        if o.f["owner"] != i:
            raise PyError("RuntimeError")
        o.f["n"] -= 1
        if o.f["n"] == 0:
            o.f["owner"] = -1
    else:
        if o.kind == "BoundedSemaphore" and o.f["v"] + k > o.f["init"]:
            raise PyError("ValueError")
        o.f["v"] += k
    o.clock[:] = join(o.clock, c.t.vc)
    released(c.t, c.i)


def timed(kw, blocking_key="blocking", block_default=1):
    """(blocking, has_timeout) of a call's arguments."""
    b = kw.get(blocking_key, block_default)
    to = kw.get("timeout")
    return bool(b), to is not None and to >= 0


def do_sync(c, kind, o, m, kw):
    """Performs the call (or raises Blocked; in a dry run, has no effect)."""
    s, i, dry = c.s, c.i, c.dry
    t = c.t
    if kind == "thread":
        j = c.P.index[o]
        u = s.th[j]
        if m == "start":
            if u.started:
                raise PyError("RuntimeError")
            if dry: return 0
            u.started = True
            u.vc[:] = join(u.vc, t.vc)
            released(t, i)
            skip_free(c.P, s, j)
            return 0
        if m == "join":
            if not u.started or j == i:
                raise PyError("RuntimeError")
            if u.done:
                if dry: return 0
                t.vc[:] = join(t.vc, u.vc)
                return 0
            if "timeout" in kw:
                return 0      # gives up silently
            raise Blocked()
        if m == "is_alive":
            if u.started and not u.done:
                return 1
            if u.done and not dry:
                t.vc[:] = join(t.vc, u.vc)
            return 0
        raise Unsupported(f"thread.{m}")
    ob = s.objs[o]
    if kind == "Condition":
        lk = ob.f["lock"]
        if m in ("acquire", "release"):
            return do_sync(c, s.objs[lk].kind, lk, m, kw)
        lo = s.objs[lk]
        held = lo.f["held"] if lo.kind == "Lock" else lo.f["owner"] == i
        if not held:
            raise PyError("RuntimeError")
        if m in ("notify", "notify_all"):
            k = kw.get("n", 1) if m == "notify" else len(ob.f["waiters"])
            if dry: return 0
            woken = ob.f["waiters"][:k]
            ob.f["waiters"] = ob.f["waiters"][k:]
            # a waiter that timed out is taken out and counts against k,
            # but is not woken: its wait returns False (python.md F2)
            woken = [j for j in woken if not s.th[j].timedout]
            for j in woken:
                s.th[j].notified = True
                s.th[j].nvc = list(t.vc)
            if woken: released(t, i)
            return 0
        if m == "wait":
            if dry: raise Proceeds()
            # step 1 of 2: release the lock fully and sleep (5)
            if lo.kind == "RLock":
                cnt = lo.f["n"]
                lo.f["n"], lo.f["owner"] = 0, -1
            else:
                cnt = 1
                lo.f["held"] = 0
            lo.clock[:] = join(lo.clock, t.vc)
            released(t, i)
            ob.f["waiters"].append(i)
            t.notified, t.nvc = False, None
            t.rec.append(("cw", cnt))
            c.idx += 1
            raise Suspend()
        raise Unsupported(f"Condition.{m}")
    if kind in ("Lock", "RLock", "Semaphore", "BoundedSemaphore"):
        if m == "acquire":
            blocking, to = timed(kw)
            if lock_free_for(s, o, i):
                if not dry: lock_take(c, o)
                return 1
            if not blocking or to:
                return 0
            raise Blocked()
        if m == "release":
            if dry:
                return 0      # never blocks (an error is a step too)
            lock_give(c, o, kw.get("n", 1))
            return 0
        if m == "locked" and kind == "Lock":
            return ob.f["held"]
        raise Unsupported(f"{kind}.{m}")
    if kind == "Event":
        if m == "set":
            if not dry:
                ob.f["set"] = 1
                ob.clock[:] = join(ob.clock, t.vc)
                released(t, i)
            return 0
        if m == "clear":
            if not dry: ob.f["set"] = 0
            return 0
        if m in ("wait", "is_set"):
            if ob.f["set"]:
                if not dry: t.vc[:] = join(t.vc, ob.clock)
                return 1
            if m == "is_set" or "timeout" in kw:
                return 0
            raise Blocked()
        raise Unsupported(f"Event.{m}")
    if kind == "Queue":
        f = ob.f
        if m in ("put", "put_nowait"):
            blocking, to = timed(kw, "block") if m == "put" else (False, False)
            full = f["max"] > 0 and len(f["items"]) >= f["max"]
            if full:
                if not blocking or to:
                    raise PyError("Full")
                raise Blocked()
            if not dry:
                f["items"].append((kw["item"], list(t.vc)))
                released(t, i)
                f["unfinished"] += 1
            return 0
        if m in ("get", "get_nowait"):
            blocking, to = timed(kw, "block") if m == "get" else (False, False)
            if not f["items"]:
                if not blocking or to:
                    raise PyError("Empty")
                raise Blocked()
            v, vc = f["items"][0]
            if not dry:
                f["items"].pop(0)
                t.vc[:] = join(t.vc, vc)
            return v
        if m == "task_done":
            if f["unfinished"] <= 0:
                raise PyError("ValueError")
            if not dry:
                f["unfinished"] -= 1
                f["tdclock"] = join(f["tdclock"], t.vc)
                released(t, i)
            return 0
        if m == "join":
            if f["unfinished"] > 0:
                raise Blocked()
            if not dry: t.vc[:] = join(t.vc, f["tdclock"])
            return 0
        if m == "qsize": return len(f["items"])
        if m == "empty": return int(not f["items"])
        if m == "full": return int(f["max"] > 0 and len(f["items"]) >= f["max"])
        raise Unsupported(f"Queue.{m}")
    if kind == "Barrier":
        if m != "wait":
            raise Unsupported("Barrier." + m)
        if dry: raise Proceeds()
        f = ob.f
        f["arr"].append(i)
        f["acc"] = join(f["acc"], t.vc)   # the clock at the arrival (D22)
        released(t, i)
        if len(f["arr"]) < f["parties"]:
            t.rec.append(("bar",))
            t.barres = None
            t.st = "bar"
            c.idx += 1
            raise Blocked()   # caught by step(): the arrival is done
        arr, acc = f["arr"], f["acc"]
        f["arr"], f["acc"] = [], [0] * len(acc)
        # the contract leaves the order of the waiters' continuations open
        # (their output lines, their errors); the tool runs them in thread
        # order, before the rest of the last arrival's statement
        for j in sorted(arr[:-1]):
            u = s.th[j]
            u.vc[:] = join(u.vc, acc)
            u.barres = arr.index(j)
            u.st = "run"
            continuation(c, j)
        t.vc[:] = join(t.vc, acc)
        return len(arr) - 1
    raise Unsupported(kind)


def cond_wait_phase2(c, o, kw, r):
    """Step 2 of c.wait() (python.md F2): once notified, reacquire the lock
    and return True; a timed wait not notified may first give up, in a step
    of its own whatever the lock's state, staying among the waiters; it then
    reacquires the lock, leaves the waiters (unless a notify took it out)
    and returns False."""
    s, i, t = c.s, c.i, c.t
    ob = s.objs[o]
    lk = ob.f["lock"]
    if not t.notified and not t.timedout:
        if "timeout" not in kw:
            raise Blocked()
        if c.dry: raise Proceeds()
        t.timedout = True
        raise Suspend()       # the step ends; the wait is not over
    if not lock_free_for(s, lk, i):
        raise Blocked()
    res = 1 if t.notified else 0
    if not c.dry:
        lo = s.objs[lk]
        if t.notified:
            t.vc[:] = join(t.vc, t.nvc)
        elif i in ob.f["waiters"]:
            ob.f["waiters"].remove(i)
        if lo.kind == "RLock":
            lo.f["owner"], lo.f["n"] = i, r[1]
        else:
            lo.f["held"] = 1
        t.vc[:] = join(t.vc, lo.clock)
        t.notified, t.nvc, t.timedout = False, None, False
        t.rec[c.idx] = res
    else:
        raise Proceeds()
    c.idx += 1
    return res


def continuation(c0, j):
    """A released barrier waiter completes its statement within the last
    arrival's step, up to its next shared access (D20)."""
    c = Ctx(c0.P, c0.s, j, False, new=0)
    c.ex = c0.ex
    run_op(c)


# --------------------------------------------------------------- stepping
def run_op(c):
    """Runs the current op of thread c.i (the step); returns normally when
    the op is finished or suspended; raises Blocked when not enabled."""
    P, s, i, t = c.P, c.s, c.i, c.t
    code = P.inst[i][4]
    op = code[t.pc]
    c.line = op[1]
    kind = op[0]
    try:
        if kind == "stmt":
            exec_stmt(c, op[2])
            t.pc += 1
        elif kind == "cond":
            v = ev(c, op[2])
            if c.dry: raise Proceeds()
            t.pc = t.pc + 1 if v else op[3]
        elif kind == "for":
            if c.dry: raise Proceeds()     # a header never blocks
            node, slot = op[2], op[3]
            seq = t.loc.get(slot)
            if seq is None:
                # the first header step evaluates the bounds (3)
                it = node.iter
                if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range":
                    a = [ev(c, x) for x in it.args]
                    if len(a) == 3 and a[2] == 0:
                        raise PyError("ValueError")
                    seq = tuple(range(*a))
                elif isinstance(it, ast.List):
                    seq = tuple(ev(c, x) for x in it.elts)
                else:
                    raise Unsupported("for iterable")
            if not seq:
                t.loc.pop(slot, None)
                t.pc = op[4]
            else:
                nm = node.target.id
                if nm in P.shared:
                    access(c, nm, "write", value=seq[0])   # D5
                else:
                    t.loc[nm] = seq[0]
                t.loc[slot] = seq[1:]
                t.pc += 1
        elif kind == "wenter":
            o = op[2]
            ob = s.objs[o]
            lk = ob.f["lock"] if ob.kind == "Condition" else o
            if not lock_free_for(s, lk, i):
                raise Blocked()
            if c.dry: raise Proceeds()
            lock_take(c, lk)
            t.withs.append(lk)
            t.pc += 1
        elif kind == "wexit":
            if c.dry: raise Proceeds()
            o = op[2]
            ob = s.objs[o]
            lk = ob.f["lock"] if ob.kind == "Condition" else o
            t.withs.pop()
            lock_give(c, lk)
            t.pc += 1
        elif kind == "ret":
            if c.dry: raise Proceeds()
            t.pc += 1
        else:
            raise AssertionError(op)
    except Suspend:
        if c.dry: raise Proceeds()
        return
    except PyError as e:
        if c.dry: raise Proceeds()
        fail(c, e.kind)
        return
    if c.dry:
        raise AssertionError("a dry run fell through")
    t.rec = []
    t.barres = None
    skip_free(P, s, i)


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
    t.st = "run"
    t.rec = []
    s.errs = s.errs + ((c.i, f"{c.P.names[c.i]}: {kind} at line {c.line}"),)


BOOL_METHODS = {"acquire", "is_set", "locked", "empty", "full", "is_alive"}


def plainly_bool(c, n):
    """What print() shows as True/False: comparisons, not, True/False, the
    sync and thread methods that return a bool, and/or of those."""
    if isinstance(n, ast.Compare) or (isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not)):
        return True
    if isinstance(n, ast.Constant):
        return isinstance(n.value, bool)
    if isinstance(n, ast.BoolOp):
        return all(plainly_bool(c, v) for v in n.values)
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name):
        o, m = n.func.value.id, n.func.attr
        if m == "wait":
            return o in c.s.objs and c.s.objs[o].kind != "Barrier"
        return m in BOOL_METHODS
    return False


def exec_stmt(c, n):
    P, t = c.P, c.t
    if isinstance(n, ast.Pass):
        if c.dry: raise Proceeds()
        return
    if isinstance(n, ast.Expr):
        e = n.value
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name):
            if e.func.id == "print":
                items = []
                for a in e.args:
                    if isinstance(a, ast.Constant) and isinstance(a.value, str):
                        items.append(a.value)
                    elif plainly_bool(c, a):  # language.md "print": True/False
                        items.append(str(bool(ev(c, a))))
                    else:
                        items.append(str(ev(c, a)))
                if c.dry: raise Proceeds()
                c.s.out = c.s.out + (" ".join(items),)
                return
            if e.func.id == "sleep":
                if c.dry: raise Proceeds()
                return
        ev(c, e)
        if c.dry: raise Proceeds()
        return
    if isinstance(n, ast.Assert):
        v = ev(c, n.test)
        if c.dry: raise Proceeds()
        if not v:
            raise PyError("AssertionError")
        return
    if isinstance(n, ast.Assign):
        if len(n.targets) != 1:
            raise Unsupported("multiple targets")
        tg = n.targets[0]
        if isinstance(tg, ast.Name):
            v = ev(c, n.value)
            store(c, tg.id, v)
            return
        if isinstance(tg, ast.Subscript):
            v = ev(c, n.value)
            ix = ev(c, tg.slice)
            access(c, None, "write", value=v, lst=tg.value.id, index=ix)
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
            if tg.id in P.shared:
                a = access(c, tg.id, "read")
            elif tg.id in t.loc:
                a = t.loc[tg.id]
            else:
                raise PyError("UnboundLocalError")
            b = ev(c, n.value)
            store(c, tg.id, chk(f(a, b)))
            return
        if isinstance(tg, ast.Subscript):
            ix = ev(c, tg.slice)
            a = access(c, None, "read", lst=tg.value.id, index=ix)
            b = ev(c, n.value)
            access(c, None, "write", value=chk(f(a, b)), lst=tg.value.id, index=ix)
            return
    raise Unsupported(f"statement {type(n).__name__}")


def store(c, nm, v):
    P = c.P
    if nm in P.shared:
        access(c, nm, "write", value=v)
        return
    if nm == "id" or nm in P.sync or nm in P.index:
        raise Unsupported("assign to " + nm)
    if c.dry: raise Proceeds()
    c.t.loc[nm] = v


def enabled(P, s, i):
    t = s.th[i]
    if not t.started or t.done or t.st == "bar":
        return False
    if not P.inst[i][4][t.pc][-1]:
        return True
    c = Ctx(P, s, i, True)
    try:
        run_op(c)
    except Proceeds:
        return True
    except Blocked:
        return False
    return True


def step(P, s, i, ex):
    t = s.th[i]
    t.vc[i] += 1
    c = Ctx(P, s, i, False)
    c.ex = ex
    try:
        run_op(c)
    except Blocked:
        if t.st != "bar":
            raise AssertionError("blocked after enabled")


# ------------------------------------------------------------ exploration
class Explorer:
    def __init__(self, P, cap, node_cap, max_seconds):
        self.P, self.cap, self.node_cap = P, cap, node_cap
        self.deadline = time.monotonic() + max_seconds
        self.races = set()
        self.outcomes = {}
        self.total = 0
        self.nodes = 0
        self.infinite = False
        self.path = {}

    def ended(self, s):
        """Every started thread, daemons too, has finished (python.md F1)."""
        return all(not t.started or t.done for t in s.th)

    def can_shut_down(self, s):
        """python.md F1: no non-daemon thread is running and some daemon is:
        the shutdown step is enabled, and taking it ends the run."""
        alive = [self.P.inst[j][3] for j, t in enumerate(s.th) if t.started and not t.done]
        return bool(alive) and all(alive)

    def outcome(self, s, status):
        errs = tuple(e for _, e in sorted(s.errs))
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
                (self.nodes & 1023 == 0 and time.monotonic() > self.deadline):
            raise TooLarge()
        if self.ended(s):
            self.outcome(s, "ok")
            return
        P = self.P
        en = [i for i in range(len(s.th)) if enabled(P, s, i)]
        if self.can_shut_down(s):
            self.outcome(s, "ok")    # the shutdown step: the daemons are killed
        elif not en:
            self.outcome(s, "deadlock")
            return
        for i in en:
            s2 = s.copy()
            step(P, s2, i, self)
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
    races = set()
    for loc, pair in ex.races:
        races.add((loc, pair))
    order = P.order
    outs = []
    for (st, out, final, errs), n in ex.outcomes.items():
        outs.append({"status": st, "output": list(out),
                     "final": {k: (list(v) if isinstance(v, tuple) else v) for k, v in final},
                     "errors": list(errs), "interleavings": n})
    return {"status": "ok", "infinite": ex.infinite, "interleavings": ex.total,
            "outcomes": outs, "races": races, "nodes": ex.nodes, "order": order}


def race_list(races):
    out = []
    for loc, pair in sorted(races, key=lambda r: (r[0], sorted(r[1]))):
        p = sorted(pair)
        a, b = (p[0], p[0]) if len(p) == 1 else (p[0], p[1])
        out.append({"location": loc, "first": {"thread": a[0], "line": a[1], "access": a[2]},
                    "second": {"thread": b[0], "line": b[1], "access": b[2]}})
    return out


# -------------------------------------------------------------- self-test
SELF_TESTS = [
    # (program, interleavings, {output tuple: count} or None, races as (loc, t1, l1, k1, t2, l2, k2))
    ("lost update: 70 interleavings, 60/6/4 (hand count: C(8,4) orders)", """
shared: {x: 0}
threads:
  t1: |
    a = x
    a = a + 1
    x = a
    print(x)
  t2: |
    b = x
    b = b + 1
    x = b
    print(x)
""", 70, {("1", "1"): 60, ("1", "2"): 6, ("2", "2"): 4}, None,
     {("x", "t1", 4, "read", "t2", 11, "write"), ("x", "t1", 6, "write", "t2", 9, "read"),
      ("x", "t1", 6, "write", "t2", 11, "write"), ("x", "t1", 6, "write", "t2", 12, "read"),
      ("x", "t1", 7, "read", "t2", 11, "write")}),
    ("x = x + 1 is two steps: C(4,2) = 6 interleavings, final 1 or 2", """
shared: {x: 0}
threads:
  t1: |
    x = x + 1
  t2: |
    x = x + 1
""", 6, None, {1: 4, 2: 2},
     {("x", "t1", 4, "read", "t2", 6, "write"), ("x", "t1", 4, "write", "t2", 6, "write"),
      ("x", "t1", 4, "write", "t2", 6, "read")}),
    ("a lock orders everything: no race; 2 orders of the with blocks x 1", """
shared: {x: 0}
sync: {m: Lock}
threads:
  t1: |
    with m:
        x += 1
  t2: |
    with m:
        x += 1
""", 2, None, {2: 2}, set()),
    ("message passing by a plain flag, 2 polls: races on data and flag (D22)", """
shared: {data: 0, flag: 0}
threads:
  t1: |
    data = 42
    flag = 1
  t2: |
    for k in range(2):
        if flag == 1:
            print(data)
""", 21, {(): 11, ("42",): 7, ("42", "42"): 3}, None,
     {("data", "t1", 4, "write", "t2", 9, "read"), ("flag", "t1", 5, "write", "t2", 8, "read")}),
    ("the spin of issue 13: a cycle (infinite), races on data and flag all the same", """
shared: {data: 0, flag: 0}
threads:
  t1: |
    data = 42
    flag = 1
  t2: |
    while flag == 0:
        pass
    print(data)
""", "infinite", {("42",): None}, None,
     {("data", "t1", 4, "write", "t2", 9, "read"), ("flag", "t1", 5, "write", "t2", 7, "read")}),
    ("an Event orders the handoff: no race", """
shared: {data: 0}
sync: {e: Event}
threads:
  t1: |
    data = 42
    e.set()
  t2: |
    e.wait()
    print(data)
""", 1, {("42",): 1}, None, set()),
    ("is_set False gives no edge: the read after it races", """
shared: {data: 0}
sync: {e: Event}
threads:
  t1: |
    data = 42
    e.set()
  t2: |
    if e.is_set():
        print(data)
    else:
        print(data)
""", 6, {("0",): 1, ("42",): 5}, None, {("data", "t1", 5, "write", "t2", 11, "read")}),
    ("join orders main's read after the child's write; start orders the child's read", """
shared: {x: 0}
threads:
  main: |
    x = 1
    t1.start()
    t1.join()
    print(x)
  t1: |
    x = x + 1
""", 1, {("2",): 1}, None, set()),
    ("SB litmus: a race on x and on y; 0 0 is not reachable (interleavings are SC)", """
shared: {x: 0, y: 0}
threads:
  t1: |
    x = 1
    print(y)
  t2: |
    y = 1
    print(x)
""", 6, {("0", "1"): 2, ("1", "1"): 4}, None,
     {("x", "t1", 4, "write", "t2", 8, "read"), ("y", "t1", 5, "read", "t2", 7, "write")}),
    ("barrier: arrivals before departures, waiter's continuation first", """
shared: {x: 0}
sync: {b: Barrier(2)}
threads:
  t1: |
    x = 1
    print("t1", b.wait())
  t2: |
    print("t2", b.wait())
    print(x)
""", 3, {("t1 0", "t2 1", "1"): 1, ("t2 0", "t1 1", "1"): 2}, None, set()),
    ("x = b.wait(): the last arrival's write follows its arrival, so it races with the waiter's read"
     " (D20, D22); t1 first: 3 orders of t1's write step vs t2's if and print, x 0; t2 first: 1, x 1", """
shared: {x: 0}
sync: {b: Barrier(2)}
threads:
  t1: |
    x = b.wait()
  t2: |
    k = b.wait()
    if k == 1:
        print(x)
    else:
        print(x)
""", 4, {("0",): 3, ("1",): 1}, {0: 3, 1: 1},
     {("x", "t1", 5, "write", "t2", 9, "read"), ("x", "t1", 5, "write", "t2", 11, "read")}),
    ("queue put -> get of that item; get before put blocks", """
shared: {x: 0}
sync: {q: Queue}
threads:
  t1: |
    x = 5
    q.put(1)
  t2: |
    v = q.get()
    print(x + v)
""", 1, {("6",): 1}, None, set()),
    ("Condition with its own RLock: notify reaches the woken wait, 2 interleavings", """
shared: {x: 0}
sync: {c: Condition}
threads:
  t1: |
    with c:
        x = 1
        c.notify()
  t2: |
    with c:
        while x == 0:
            c.wait()
        print(x)
""", 2, {("1",): 2}, None, set()),
]


def self_test():
    import tempfile, os
    bad = 0
    for name, text, n, outs, finals, races in SELF_TESTS:
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(text.lstrip("\n"))
            p = f.name
        # the texts start with a newline stripped: line 1 is "shared:"; the
        # race tuples above use the file's lines
        r = explore(p)
        os.unlink(p)
        errs = []
        if r["status"] != "ok":
            errs.append(f"status {r}")
        else:
            if n == "infinite":
                if not r["infinite"]:
                    errs.append("no cycle found")
            elif r["infinite"]:
                errs.append("a cycle found")
            if n not in (None, "infinite") and r["interleavings"] != n:
                errs.append(f"interleavings {r['interleavings']} != {n}")
            if outs is not None:
                got = {}
                for o in r["outcomes"]:
                    got[tuple(o["output"])] = got.get(tuple(o["output"]), 0) + o["interleavings"]
                if any(v is None for v in outs.values()):
                    got = {k: None for k in got}
                if got != outs:
                    errs.append(f"outputs {got} != {outs}")
            if finals is not None:
                got = {}
                for o in r["outcomes"]:
                    v = o["final"]["x"]
                    got[v] = got.get(v, 0) + o["interleavings"]
                if got != finals:
                    errs.append(f"finals {got} != {finals}")
            if races is not None:
                got = set()
                for loc, pair in r["races"]:
                    p2 = sorted(pair)
                    got.add((loc,) + p2[0] + p2[-1])
                if got != races:
                    errs.append(f"races {sorted(got)} != {sorted(races)}")
        print(("ok   " if not errs else "FAIL ") + name)
        for e in errs:
            print("     " + e)
        bad += bool(errs)
    print(f"self-test: {len(SELF_TESTS) - bad} passed, {bad} failed")
    return 1 if bad else 0


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        sys.exit(self_test())
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    r = explore(sys.argv[1])
    if r["status"] == "ok":
        r["races"] = race_list(r["races"])
    json.dump(r, sys.stdout, indent=1)
    print()
    sys.exit({"ok": 0, "unsupported": 2}.get(r["status"], 3))


if __name__ == "__main__":
    main()
