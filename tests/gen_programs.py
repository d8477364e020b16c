#!/usr/bin/env python3
"""Seeded random program generator, for adversarial tests of the engine
(chiefly: partial-order reduction, tests/reduction.py, must keep every
outcome, deadlock, error and race of the full exploration).

    python3 tests/gen_programs.py --seed S --count N --out DIR
        [--binary ./interleave] [--max-states 50000] [--max-seconds 5]
        [--no-check] [--keep-rejected]

Writes N small programs DIR/gen-S-NNNN.yaml (2-4 threads, 2-6 statements
each), using only what docs/language.md and ../shared/spec/language.md allow:

  shared ints and lists (constant, negative, out-of-range and dynamic indices:
  a[i], a[id], a[x % 2], a[u]); locals; + - * // % and/or/not, chained
  comparisons; if/elif/else, bounded while (local counter), for over range()
  and literal lists, break/continue/return; print (strings and values);
  assert (with and without message); pass, sleep; Lock, RLock (nested),
  Semaphore, BoundedSemaphore (with, acquire/release, acquire(False),
  acquire(blocking=False), acquire(timeout=1), locked(), over-release);
  Event (set/clear/wait/wait(timeout)/is_set, spin loops); Condition (own
  RLock or Condition(m), wait/wait(timeout)/notify/notify(2)/notify_all in
  `with c:`, and outside it: RuntimeError); Barrier (wait, its index in a
  local, a shared variable or a print); Queue (put/get/timeouts/nowait/
  task_done/join/qsize/empty/full); count: instances reading id or not;
  a main thread that starts/joins (join(timeout=1), is_alive) some threads
  and maybe not others; daemon threads (some looping forever); timers with
  cancel(); an executor with tasks; runtime errors (ZeroDivisionError,
  IndexError, UnboundLocalError, RuntimeError, ValueError, Empty/Full,
  AssertionError); lock-order inversions (deadlocks) and spin loops (cycles).

Two styles are mixed: "mixed" (up to 6 statements of everything) and
"dense" (2-4 statements, nearly all sync calls). Some shapes are planted
across threads so that blocking objects have partners: set/wait pairs,
notify/wait on a flag, put/get counts (sometimes one get too many), a
barrier whose parties are exactly its users (sometimes one off), an error
inside `with X:` while another thread pokes X or the lock under it
(acquire(False), release(), locked(), a timed acquire), a barrier wait whose
statement reads a shared variable before waiting and prints or fails after
it. Threads: 2-4 (a count: 2 declaration is two, main included), plus 1-2
executor workers in the few programs with an executor.

--shape handoff writes DIR/hand-S-NNNN.yaml instead: small protocols of
plain shared variables (message passing by a polled flag, SB/MP/LB litmus
shapes, Peterson, Dekker, two-link chains), each handoff made by a plain
flag or by a sync object, for tests/race_compare.py (issue 13); the default
shape's programs are unchanged for the old seeds.  --shape symmetric writes
DIR/sym-S-NNNN.yaml: the default shape around a `count: 2` or `count: 3`
group whose instances never read `id` (the explorer's symmetry reduction
applies), sometimes beside one other thread.  --shape classes writes
DIR/class-S-NNNN.py: Python files with a class, logging and maybe an
executor in main (ClassGen, docs/classes-rules.md), kept when the brute force of
tests/py_brute.py finishes them (the engine is not asked).  --shape functions
writes DIR/func-S-NNNN.py instead: Python files whose 2-3 threads run one or
two target functions with arguments and call helper functions (FuncGen, for
tests/func_compare.py, python.md P1).  --max-interleavings N
also rejects programs with more than N (finite) interleavings.

Each candidate is checked with `BINARY explore P --max-states M
--max-seconds T`: exit 2 (refused) or 3 (too large) rejects it and another
is generated in its place; refused ones are reported by their first error
line (a program the docs allow that is refused may be an engine bug) and
kept under DIR/rejected/ with --keep-rejected. The summary goes to stdout
and DIR/summary.json."""
import argparse, collections, json, os, random, re, subprocess, sys

SHARED_INTS = ["x", "y", "z"]
LISTS = ["a", "buf"]
LOCALS = ["u", "v", "p"]


class Thread:
    def __init__(self, name, count=1, daemon=False, timer=False, reads_id=False):
        self.name, self.count, self.daemon, self.timer = name, count, daemon, timer
        self.reads_id = reads_id
        self.lines = []          # (indent, text)

    def instances(self):
        if self.count == 1:
            return [self.name]
        return [f"{self.name}{i}" for i in range(self.count)]


class Ctx:
    """What a thread body may use at this point."""
    def __init__(self, prog, thread, allow_id):
        self.p, self.t = prog, thread
        self.locals = set()      # assigned on every path so far
        self.maybe = set()       # assigned on some path (reading: maybe UnboundLocalError)
        self.loopvars = []
        self.in_loop = 0
        self.held = []           # with-objects around
        self.allow_id = allow_id
        self.depth = 0


class Gen:
    def __init__(self, seed, index, symmetric=False):
        self.r = random.Random(f"{seed}:{index}" if not symmetric else f"sym:{seed}:{index}")
        self.seed, self.num = seed, index
        self.symmetric = symmetric

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    # ---- program -------------------------------------------------------
    def program(self):
        r = self.r
        # "dense": few statements, nearly all of them on sync objects
        self.dense = self.chance(0.4)
        self.ints = {n: r.randint(0, 2) for n in r.sample(SHARED_INTS, r.randint(1, 2 if self.dense else 3))}
        self.lists = {}
        for n in r.sample(LISTS, r.choice([0, 1, 1, 2])):
            self.lists[n] = [r.randint(0, 1) for _ in range(r.randint(2, 3))]
        kinds = ["Lock", "Lock2", "RLock", "Semaphore", "BoundedSemaphore", "Event",
                 "Condition", "Barrier", "Queue"]
        want = set(r.sample(kinds, r.choice([1, 1, 2, 2, 3] if self.dense else [0, 1, 1, 2, 2, 2, 3])))
        self.sync = collections.OrderedDict()
        if "Lock" in want or "Lock2" in want or ("Condition" in want and self.chance(0.5)):
            self.sync["m"] = "Lock"
        if "Lock2" in want:
            self.sync["n"] = "Lock"
        if "RLock" in want:
            self.sync["r"] = "RLock"
        if "Semaphore" in want:
            self.sync["s"] = f"Semaphore({r.choice([0, 1, 1, 2])})"
        if "BoundedSemaphore" in want:
            self.sync["bs"] = f"BoundedSemaphore({r.choice([1, 1, 2])})"
        if "Event" in want:
            self.sync["e"] = "Event"
        if "Condition" in want:
            if "m" in self.sync and self.chance(0.6):
                self.sync["c"] = "Condition(m)"
            elif "r" in self.sync and self.chance(0.5):
                self.sync["c"] = "Condition(r)"
            else:
                self.sync["c"] = "Condition"
        if "Barrier" in want:
            self.sync["bar"] = None  # parties fixed below
        if "Queue" in want:
            self.sync["q"] = f"Queue({r.choice([0, 1, 1, 2])})"
        if "c" in self.sync and self.sync["c"] != "Condition" and self.chance(0.25):
            self.sync["c2"] = self.sync["c"]  # a second condition on the same lock

        # threads: 2-4 in all (a count: 2 declaration is two)
        if self.symmetric:
            # --shape symmetric: a group of 2-3 interchangeable instances
            # (never reading id), sometimes beside one other thread
            total = 0
            self.has_main = self.chance(0.3)
            threads = [Thread("wk", count=r.randint(2, 3), reads_id=False)]
            if self.chance(0.4):
                threads.append(Thread("t1"))
        else:
            total = r.randint(2, 4)
            self.has_main = self.chance(0.3)
            threads = []
        names = ["t1", "t2", "t3", "t4"]
        left = total - (1 if self.has_main else 0)
        if left < 1 and not self.symmetric:
            left, total = 1, total + 1
        k = 0
        while left > 0:
            if left >= 2 and self.chance(0.25) and not any(t.count > 1 for t in threads):
                t = Thread("wk", count=2, reads_id=self.chance(0.5))
                left -= 2
            else:
                t = Thread(names[k])
                k += 1
                left -= 1
            threads.append(t)
        # options: daemon, timer (never every thread)
        if len(threads) >= 2 or self.has_main:
            cand = [t for t in threads if t.count == 1]
            if cand and self.chance(0.15):
                self.pick(cand).daemon = True
            cand = [t for t in threads if t.count == 1 and not t.daemon]
            if cand and self.chance(0.1) and (len(threads) >= 2 or self.has_main):
                self.pick(cand).timer = True
        if all(t.daemon for t in threads) and not self.has_main:
            threads[0].daemon = False
        self.threads = threads
        self.executor = None
        if self.chance(0.06):
            self.executor = {"workers": r.choice([1, 2]), "tasks": r.randint(1, 2)}
        self.all_instances = [i for t in threads for i in t.instances()]

        # scenarios: classic shapes spread over threads, then random fill
        self.bodies = {t.name: [] for t in threads}
        self.main_body = []
        self.plan_scenarios()
        out = []
        for t in threads:
            ctx = Ctx(self, t, allow_id=t.count > 1 and t.reads_id or (t.count == 1 and self.chance(0.1)))
            body = self.thread_body(ctx, self.bodies[t.name])
            t.lines = body
        if self.has_main:
            ctx = Ctx(self, Thread("main"), allow_id=False)
            self.main_lines = self.main_body_lines(ctx)
        if "bar" in self.sync:
            self.sync["bar"] = f"Barrier({self.bar_parties})"
        return self.render()

    def plan_scenarios(self):
        """Pre-places sync patterns so that blocking objects have partners."""
        r = self.r
        tnames = [t.name for t in self.threads if not t.timer]
        if not tnames:
            tnames = [t.name for t in self.threads]
        self.bar_parties = 2
        sync = self.sync
        for name, ctor in list(sync.items()):
            if name == "n" and "m" in sync and len(tnames) >= 2 and self.chance(0.7):
                a, b = r.sample(tnames, 2)
                self.bodies[a].append(("nested", "m", "n"))
                self.bodies[b].append(("nested", "n", "m"))
            elif name == "e" and self.chance(0.8):
                a = self.pick(tnames)
                self.bodies[a].append(("simple", "e.set()"))
                for b in r.sample(tnames, r.randint(1, min(2, len(tnames)))):
                    if b != a:
                        self.bodies[b].append(self.pick([("simple", "e.wait()"),
                                                         ("ifsync", "e.wait(timeout=1)"),
                                                         ("spin_event",)]))
            elif name == "c" and self.chance(0.8):
                flag = self.pick(list(self.ints))
                a = self.pick(tnames)
                self.bodies[a].append(("cond_notify", flag))
                for b in r.sample(tnames, r.randint(1, min(2, len(tnames)))):
                    if b != a:
                        self.bodies[b].append(("cond_wait", flag))
            elif name == "bar":
                # the parties: every thread (instance) that waits
                users = r.sample(tnames, r.randint(1, len(tnames)))
                n = 0
                for u in users:
                    self.bodies[u].append(("barrier",))
                    n += next(t.count for t in self.threads if t.name == u)
                self.bar_parties = n if self.chance(0.85) else max(1, n + self.pick([-1, 1]))
            elif name == "c2":
                a = self.pick(tnames)
                self.bodies[a].append(self.pick([("simple", "c2.acquire()"), ("with_fail", "c2"),
                                                 ("c2_wait",)]))
            elif name == "q" and self.chance(0.8):
                a = self.pick(tnames)
                nput = r.randint(1, 2)
                self.bodies[a].append(("q_put", nput))
                b = self.pick(tnames)
                self.bodies[b].append(("q_get", nput if self.chance(0.7) else nput + 1,
                                       self.chance(0.3)))

        withables = [o for o, k in sync.items()
                     if k and k.startswith(("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Condition"))]
        if withables and len(tnames) >= 2 and self.chance(0.35):
            o = self.pick(withables)
            a, b = r.sample(tnames, 2)
            self.bodies[a].append(("with_fail", o))
            under = {"Condition(m)": "m", "Condition(r)": "r"}.get(sync[o], o)
            self.bodies[b].append(("poke", self.pick([under, under, o])))

    # ---- expressions ---------------------------------------------------
    def atom(self, ctx):
        r = self.r
        opts = ["lit", "lit", "int", "int"]
        if self.lists: opts += ["elem", "elem"]
        if ctx.locals: opts += ["loc", "loc"]
        if ctx.maybe - ctx.locals and self.chance(0.3): opts += ["maybe"]
        if ctx.loopvars: opts += ["lv"]
        if ctx.allow_id: opts += ["id"]
        k = self.pick(opts)
        if k == "lit": return str(r.randint(0, 3))
        if k == "int": return self.pick(list(self.ints))
        if k == "elem": return self.elem(ctx)
        if k == "loc": return self.pick(sorted(ctx.locals))
        if k == "maybe": return self.pick(sorted(ctx.maybe - ctx.locals))
        if k == "lv": return self.pick(ctx.loopvars)
        return "id"

    def index(self, ctx, lst):
        size = len(self.lists[lst])
        r = self.r
        opts = ["c", "c", "c", "neg", "mod"]
        if ctx.allow_id: opts += ["id", "id"]
        if ctx.loopvars: opts += ["lv", "lv"]
        if ctx.locals: opts += ["loc"]
        if self.chance(0.05): opts += ["oob"]
        k = self.pick(opts)
        if k == "c": return str(r.randrange(size))
        if k == "neg": return str(-r.randint(1, size))
        if k == "oob": return str(size)
        if k == "id": return "id"
        if k == "lv": return self.pick(ctx.loopvars)
        if k == "loc": return self.pick(sorted(ctx.locals))
        v = self.pick(list(self.ints) + (["id"] if ctx.allow_id else []))
        return f"{v} % {size}" if self.chance(0.8) else v

    def elem(self, ctx):
        lst = self.pick(list(self.lists))
        return f"{lst}[{self.index(ctx, lst)}]"

    def expr(self, ctx, depth=0):
        r = self.r
        if depth >= 2 or self.chance(0.45):
            return self.atom(ctx)
        k = self.pick(["+", "+", "-", "*", "//", "%", "cmp", "andor", "not"])
        a = self.expr(ctx, depth + 1)
        if k in "+-*":
            return f"{a} {k} {self.expr(ctx, depth + 1)}"
        if k in ("//", "%"):
            # divisors that can be zero on some path
            d = self.pick([self.atom(ctx), f"({self.atom(ctx)} - 1)", str(r.randint(1, 3))])
            return f"{a} {k} {d}"
        if k == "cmp":
            op = self.pick(["==", "!=", "<", "<=", ">", ">="])
            if self.chance(0.15):
                return f"0 <= {a} < 2"
            return f"{a} {op} {self.expr(ctx, depth + 1)}"
        if k == "andor":
            return f"{a} {self.pick(['and', 'or'])} {self.expr(ctx, depth + 1)}"
        return f"(not {a})" if depth else f"not {a}"

    def cond(self, ctx):
        a = self.atom(ctx)
        op = self.pick(["==", "!=", "<", ">", ">="])
        return f"{a} {op} {self.r.randint(0, 2)}"

    # ---- statements ----------------------------------------------------
    def thread_body(self, ctx, planned):
        """2-6 top-level statements: the planned patterns and random ones."""
        n = self.r.randint(2, 4) if self.dense else self.r.randint(2, 6)
        items = list(planned)
        while len(items) < n:
            items.append(("random",))
        # keep planned in a random place, random fill around
        self.r.shuffle(items)
        lines = []
        for it in items:
            lines += self.item(ctx, it, 0)
        return lines

    def item(self, ctx, it, ind):
        kind = it[0]
        L = []
        if kind == "random":
            return self.stmt(ctx, ind, top=True)
        if kind == "simple":
            return [(ind, it[1])]
        if kind == "ifsync":
            v = self.pick(LOCALS)
            if self.chance(0.5):
                L = [(ind, f"if {it[1]}:")] + self.block(ctx, ind + 1, 1)
                L += [(ind, "else:"), (ind + 1, 'print("timeout")')]
            else:
                L = [(ind, f"{v} = {it[1]}"), (ind, f"print({v})")]
                ctx.locals.add(v)
            return L
        if kind == "with_fail":
            o = it[1]
            ints = list(self.ints)
            bad = self.pick([f"{self.pick(ints)} = 1 // {self.pick(ints)}",
                             f"{self.pick(ints)} = 1 // ({self.pick(ints)} - 1)",
                             f"assert {self.pick(ints)} == {self.r.randint(0, 2)}"] +
                            ([f"{self.pick(ints)} = {self.pick(list(self.lists))}[{self.pick(ints)}]"]
                             if self.lists else []))
            L = [(ind, f"with {o}:"), (ind + 1, bad)]
            if self.chance(0.5):
                L.append((ind + 1, self.pick(["pass", f"{self.pick(ints)} += 1", "print(1)"])))
            return L
        if kind == "poke":
            o = it[1]
            kind_o = self.sync.get(o) or ""
            v = self.pick(LOCALS)
            opts = [[(ind, f"{v} = {o}.acquire(False)"), (ind, f"print({v})")],
                    [(ind, f"{o}.release()")],
                    [(ind, f"with {o}:"), (ind + 1, "print(2)")],
                    [(ind, f"{v} = {o}.acquire(timeout=1)"), (ind, f"print({v})")]]
            if kind_o == "Lock":
                opts.append([(ind, f"print({o}.locked())")])
            L = self.pick(opts)
            if L[0][1].startswith(f"{v} ="):
                ctx.locals.add(v)
            return L
        if kind == "c2_wait":
            return [(ind, "with c2:"), (ind + 1, "c2.wait(timeout=1)")]
        if kind == "spin_event":
            body = self.pick(["pass", "sleep(1)"])
            return [(ind, "while not e.is_set():"), (ind + 1, body)]
        if kind == "nested":
            a, b = it[1], it[2]
            if self.chance(0.7):
                L = [(ind, f"with {a}:"), (ind + 1, f"with {b}:")]
                L += self.block(ctx, ind + 2, self.r.randint(1, 2))
            else:
                L = [(ind, f"{a}.acquire()"), (ind, f"{b}.acquire()")]
                L += self.block(ctx, ind, 1)
                L += [(ind, f"{b}.release()"), (ind, f"{a}.release()")]
            return L
        if kind == "cond_notify":
            flag = it[1]
            call = self.pick(["c.notify()", "c.notify_all()", "c.notify(2)", "c.notify()"])
            if self.chance(0.9):
                L = [(ind, "with c:"), (ind + 1, f"{flag} = 1"), (ind + 1, call)]
            else:
                L = [(ind, f"{flag} = 1"), (ind, call)]  # RuntimeError: not held
            return L
        if kind == "cond_wait":
            flag = it[1]
            w = self.pick(["c.wait()", "c.wait()", "c.wait(timeout=1)"])
            if self.chance(0.75):
                L = [(ind, "with c:"), (ind + 1, f"while {flag} == 0:"), (ind + 2, w)]
            else:
                L = [(ind, "with c:"), (ind + 1, f"if {flag} == 0:"), (ind + 2, w)]
            if self.chance(0.5):
                L.append((ind + 1, f"print({flag})"))
            return L
        if kind == "barrier":
            ints = list(self.ints)
            if self.chance(0.4):
                # the statement reads shared before the wait (one step with
                # the arrival), and its rest prints or fails at the release,
                # in the step of the last arrival
                g = self.r.randint(0, 5)
                if g == 0 and "m" in self.sync:
                    return [(ind, "with m:"), (ind + 1, f"u = 1 // ({self.pick(ints)} + bar.wait())")]
                if g == 1:
                    return [(ind, f"{self.pick(ints)} = {self.pick(ints)} * 10 + bar.wait()")]
                if g == 2 and self.lists:
                    return [(ind, f"print({self.pick(list(self.lists))}[bar.wait() - 1])")]
                if g == 3:
                    return [(ind, f"assert {self.pick(ints)} + bar.wait() == 1")]
                return [(ind, f"print({self.pick(ints)}, bar.wait())")]
            f = self.r.randint(0, 5)
            if f == 0 and self.chance(0.3) and "m" in self.sync:
                return [(ind, "with m:"), (ind + 1, "u = 1 // bar.wait()")]
            if f == 0: return [(ind, "bar.wait()")]
            if f == 1:
                v = self.pick(LOCALS)
                ctx.locals.add(v)
                return [(ind, f"{v} = bar.wait()"), (ind, f"print({v})")]
            if f == 2: return [(ind, f"{self.pick(ints)} = bar.wait()")]
            if f == 3: return [(ind, "print(bar.wait())")]
            if f == 4: return [(ind, f"{self.pick(ints)} = 1 // bar.wait()")]
            return [(ind, "if bar.wait() == 0:"), (ind + 1, 'print("first")')]
        if kind == "q_put":
            n = it[1]
            if n == 1:
                return [(ind, f"q.put({self.atom(ctx)})")]
            L = [(ind, "for i in range(2):"), (ind + 1, "q.put(i + 1)")]
            return L
        if kind == "q_get":
            n, timed = it[1], it[2]
            v = self.pick(LOCALS)
            get = "q.get(timeout=1)" if timed else "q.get()"
            if n == 1:
                L = [(ind, f"{v} = {get}"), (ind, f"print({v})")]
            else:
                L = [(ind, f"for j in range({n}):"), (ind + 1, f"{v} = {get}"),
                     (ind + 1, f"print({v})")]
            if self.chance(0.3):
                L.append((ind, "q.task_done()"))
            ctx.locals.add(v)
            return L
        raise ValueError(kind)

    def block(self, ctx, ind, n):
        L = []
        for _ in range(n):
            L += self.stmt(ctx, ind)
        return L or [(ind, "pass")]

    def sync_stmt(self, ctx, ind):
        """One random statement on a sync object (may be wrong use)."""
        names = list(self.sync)
        if not names:
            return None
        o = self.pick(names)
        ctor = self.sync[o] or ""
        r = self.r
        v = self.pick(LOCALS)
        if ctor.startswith(("Lock", "RLock", "Semaphore", "BoundedSemaphore")) or o in ("m", "n", "r"):
            f = r.randint(0, 9)
            if f <= 2 and ctx.depth < 2:
                ctx.depth += 1
                L = [(ind, f"with {o}:")] + self.block(ctx, ind + 1, r.randint(1, 2))
                ctx.depth -= 1
                return L
            if f == 3:
                call = self.pick([f"{o}.acquire(False)", f"{o}.acquire(blocking=False)"])
                return [(ind, f"if {call}:")] + self.block(ctx, ind + 1, 1) + [(ind + 1, f"{o}.release()")]
            if f == 4:
                ctx.locals.add(v)
                call = self.pick([f"{o}.acquire(timeout=1)", f"{o}.acquire(True, 1)",
                                  f"{o}.acquire(blocking=True, timeout=1)", f"{o}.acquire(timeout=1)"])
                return [(ind, f"{v} = {call}"), (ind, f"if {v}:"),
                        (ind + 1, f"{self.pick(list(self.ints))} += 1"), (ind + 1, f"{o}.release()")]
            if f == 5:
                return [(ind, f"{o}.acquire()")] + self.block(ctx, ind, 1) + [(ind, f"{o}.release()")]
            if f == 6:
                return [(ind, f"{o}.release()")]  # maybe unheld: RuntimeError / ValueError
            if f == 9 and self.chance(0.4):  # a spin acquire: cycles
                return [(ind, f"while not {o}.acquire(False):"), (ind + 1, "pass"),
                        (ind, f"{self.pick(list(self.ints))} += 1"), (ind, f"{o}.release()")]
            if f == 7 and ctor == "Lock":
                ctx.locals.add(v)
                return [(ind, f"{v} = {o}.locked()")]
            if f == 8 and ctor == "RLock" and ctx.depth < 2:
                ctx.depth += 1
                L = [(ind, f"with {o}:"), (ind + 1, f"with {o}:")] + self.block(ctx, ind + 2, 1)
                ctx.depth -= 1
                return L
            return [(ind, f"{o}.acquire()")]
        if ctor == "Event":
            f = r.randint(0, 6)
            if f == 0: return [(ind, "e.set()")]
            if f == 1: return [(ind, "e.clear()")]
            if f == 2: return [(ind, "e.wait()")]
            if f == 3:
                ctx.locals.add(v)
                return [(ind, f"{v} = {self.pick(['e.wait(timeout=1)', 'e.wait(1)'])}")]
            if f == 4:
                return [(ind, "if e.is_set():")] + self.block(ctx, ind + 1, 1)
            if f == 5:
                ctx.locals.add(v)
                return [(ind, f"{v} = e.is_set()")]
            return [(ind, "e.set()")]
        if ctor.startswith("Condition"):
            f = r.randint(0, 5)
            if f == 0: return [(ind, "with c:"), (ind + 1, self.pick(["c.notify()", "c.notify_all()"]))]
            if f == 1:
                return [(ind, "with c:"), (ind + 1, "c.wait(timeout=1)")]
            if f == 2:
                return [(ind, "c.notify()")]  # without the lock: RuntimeError
            if f == 3 and ctx.depth < 2:
                ctx.depth += 1
                L = [(ind, "with c:")] + self.block(ctx, ind + 1, 1)
                ctx.depth -= 1
                return L
            if f == 4:
                return [(ind, "c.acquire()"), (ind, f"{self.pick(list(self.ints))} += 1"),
                        (ind, "c.release()")]
            return [(ind, "with c:"), (ind + 1, "c.notify_all()")]
        if ctor.startswith("Barrier") or o == "bar":
            return None  # parties are planned
        if ctor.startswith("Queue"):
            f = r.randint(0, 7)
            if f == 0: return [(ind, f"q.put({self.atom(ctx)})")]
            if f == 1:
                ctx.locals.add(v)
                return [(ind, f"{v} = {self.pick(['q.get_nowait()', 'q.get(False)', 'q.get(block=False)', 'q.get(True, 1)'])}")]
            if f == 2: return [(ind, "q.put(1, False)")] if self.chance(0.5) else [(ind, "q.put_nowait(2)")]
            if f == 3:
                ctx.locals.add(v)
                return [(ind, f"{v} = q.qsize()")]
            if f == 4:
                return [(ind, "if q.empty():")] + self.block(ctx, ind + 1, 1)
            if f == 5:
                return [(ind, "q.task_done()")]
            if f == 6:
                ctx.locals.add(v)
                return [(ind, f"{v} = q.full()")]
            return [(ind, f"q.put({self.atom(ctx)}, timeout=1)")]
        return None

    def extra_stmt(self, ctx, ind):
        """Rarer shapes: cycles, shared loop variables, errors inside with,
        barrier statements whose rest fails or prints, joins between
        threads, wrong releases."""
        r = self.r
        ints = list(self.ints)
        f = r.randint(0, 11)
        if f == 0:  # a spin loop: a cycle in the state graph
            n = self.pick(ints)
            return [(ind, f"while {n} == {r.randint(0, 1)}:"), (ind + 1, self.pick(["pass", "sleep(1)"]))]
        if f == 1:  # while True with a break
            n = self.pick(ints)
            return [(ind, "while True:"), (ind + 1, f"if {n} != {r.randint(0, 1)}:"),
                    (ind + 2, "break")]
        if f == 2:  # shared loop variable
            n = self.pick(ints)
            return [(ind, f"for {n} in range({r.randint(1, 2)}):"), (ind + 1, self.pick(["pass", f"print({n})"]))]
        if f == 3 and self.lists:  # dynamic index update
            lst = self.pick(list(self.lists))
            return [(ind, f"{lst}[{self.pick(ints)} % {len(self.lists[lst])}] += 1")]
        if f == 4:  # an error inside a with: releases its lock
            locks = [o for o, k in self.sync.items() if k and k.startswith(("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Condition"))]
            if locks:
                o = self.pick(locks)
                bad = self.pick([f"{self.pick(ints)} = 1 // ({self.pick(ints)} - {r.randint(0, 2)})",
                                 f"assert {self.pick(ints)} == {r.randint(0, 2)}"] +
                                ([f"print({self.pick(list(self.lists))}[{self.pick(ints)}])"] if self.lists else []))
                return [(ind, f"with {o}:"), (ind + 1, bad), (ind + 1, f"{self.pick(ints)} += 1")]
        if f == 6:  # print of several shared reads (k steps)
            return [(ind, f"print({', '.join(self.pick(ints) for _ in range(r.randint(2, 3)))})")]
        if f == 7:  # maybe-unbound local
            v = self.pick(["p", "v"])
            ctx.maybe.add(v)
            return [(ind, f"if {self.cond(ctx)}:"), (ind + 1, f"{v} = 1"), (ind, f"print({v})")]
        if f == 8 and not self.has_main:  # join another thread (maybe a cycle of joins)
            others = [i for t in self.threads for i in t.instances() if t.name != ctx.t.name]
            if others:
                o = self.pick(others)
                return [(ind, self.pick([f"{o}.join()", f"{o}.join(timeout=1)"]))]
        if f == 9:  # wrong release by another thread / extra release
            locks = [o for o, k in self.sync.items() if k and k.startswith(("Lock", "Semaphore", "BoundedSemaphore", "RLock"))]
            if locks:
                return [(ind, f"{self.pick(locks)}.release()")]
        if f == 10 and "q" in self.sync:
            return self.pick([[(ind, "q.join()")], [(ind, f"q.put({self.atom(ctx)}, timeout=1)")],
                              [(ind, "q.task_done()")]])
        if f == 11 and "s" in self.sync:
            return [(ind, "s.release(2)")]
        return [(ind, f"{self.pick(ints)} = {self.expr(ctx)}")]

    def thread_stmt(self, ctx, ind):
        """is_alive / join(timeout) / cancel from a non-main thread."""
        others = [i for t in self.threads for i in t.instances()
                  if ctx.t.name not in (t.name,)]
        if not others:
            return None
        o = self.pick(others)
        timers = [t.name for t in self.threads if t.timer and t.name != ctx.t.name]
        if timers and self.chance(0.5):
            return [(ind, f"{self.pick(timers)}.cancel()")]
        if self.chance(0.5):
            return [(ind, f"if {o}.is_alive():"), (ind + 1, f'print("{o} alive")')]
        return [(ind, f"{o}.join(timeout=1)")]

    def stmt(self, ctx, ind, top=False):
        r = self.r
        opts = ["assign_int"] * 4 + ["assign_local"] * 3 + ["print"] * 2 + ["assert", "misc"]
        if self.lists: opts += ["assign_elem"] * 3
        if ctx.depth < 2: opts += ["if", "if", "for", "while"]
        if self.sync: opts += ["sync"] * 5
        if ctx.in_loop: opts += ["brk"]
        opts += ["extra"] * 2
        if self.dense and self.sync: opts += ["sync"] * 12 + ["extra"] * 2
        if self.chance(0.1) and not self.has_main: opts += ["thr"]
        if self.chance(0.03): opts += ["ret"]
        k = self.pick(opts)
        if k == "assign_int":
            n = self.pick(list(self.ints))
            op = self.pick(["=", "=", "+=", "-="])
            rhs = self.expr(ctx) if op == "=" else self.atom(ctx)
            if op == "=" and self.chance(0.4):
                rhs = f"{n} + {self.pick(['1', self.atom(ctx)])}"
            return [(ind, f"{n} {op} {rhs}")]
        if k == "assign_local":
            v = self.pick(LOCALS)
            e = self.expr(ctx)
            ctx.locals.add(v)
            return [(ind, f"{v} = {e}")]
        if k == "assign_elem":
            lst = self.pick(list(self.lists))
            op = self.pick(["=", "=", "+=", "-="])
            return [(ind, f"{lst}[{self.index(ctx, lst)}] {op} {self.expr(ctx) if op == '=' else self.atom(ctx)}")]
        if k == "print":
            items = [self.expr(ctx) for _ in range(r.randint(1, 2))]
            if self.chance(0.3):
                items.insert(0, f'"{ctx.t.name}"')
            return [(ind, f"print({', '.join(items)})")]
        if k == "assert":
            c = self.cond(ctx)
            return [(ind, f"assert {c}" + (f', "{c} failed"' if self.chance(0.3) else ""))]
        if k == "misc":
            return [(ind, self.pick(["pass", "sleep(1)", "sleep(0)", "print()"]))]
        if k == "if":
            ctx.depth += 1
            L = [(ind, f"if {self.cond(ctx)}:")]
            before = set(ctx.locals)
            L += self.block(ctx, ind + 1, r.randint(1, 2))
            in_then = ctx.locals - before
            ctx.locals = set(before)
            if self.chance(0.4):
                if self.chance(0.3):
                    L += [(ind, f"elif {self.cond(ctx)}:")] + self.block(ctx, ind + 1, 1)
                    ctx.locals = set(before)
                L += [(ind, "else:")] + self.block(ctx, ind + 1, 1)
                in_else = ctx.locals - before
                ctx.locals = before | (in_then & in_else)
                ctx.maybe |= in_then | in_else
            else:
                ctx.locals = before
                ctx.maybe |= in_then
            ctx.depth -= 1
            return L
        if k == "for":
            ctx.depth += 1
            lv = self.pick(["i", "j"]) if self.chance(0.9) else self.pick(list(self.ints))
            hdr = self.pick([f"range({r.randint(1, 2)})", f"range({r.randint(0, 2)})",
                             "[1, 2]", "range(1, 3)", "range(2, 0, -1)"])
            L = [(ind, f"for {lv} in {hdr}:")]
            isloc = lv in ("i", "j")
            if isloc:
                ctx.loopvars.append(lv)
            ctx.in_loop += 1
            before = set(ctx.locals)
            L += self.block(ctx, ind + 1, r.randint(1, 2))
            ctx.maybe |= ctx.locals - before
            ctx.locals = before
            ctx.in_loop -= 1
            if isloc:
                ctx.loopvars.pop()
                ctx.maybe.add(lv)
            ctx.depth -= 1
            return L
        if k == "while":
            ctx.depth += 1
            cnt = self.pick(["k", "kk"])
            if cnt in ctx.loopvars:
                cnt = "k2"
            L = [(ind, f"{cnt} = 0"), (ind, f"while {cnt} < {r.randint(1, 2)}:")]
            ctx.locals.add(cnt)
            ctx.in_loop += 1
            ctx.loopvars.append(cnt)
            before = set(ctx.locals)
            body = self.block(ctx, ind + 1, r.randint(1, 2))
            ctx.maybe |= ctx.locals - before
            ctx.locals = before
            ctx.loopvars.pop()
            ctx.in_loop -= 1
            # increment first or last (a continue before it would loop forever)
            if self.chance(0.5):
                L += [(ind + 1, f"{cnt} += 1")] + body
            else:
                body = [(i, "pass" if t == "continue" else t) for i, t in body]
                L += body + [(ind + 1, f"{cnt} += 1")]
            ctx.depth -= 1
            return L
        if k == "extra":
            return self.extra_stmt(ctx, ind)
        if k == "brk":
            return [(ind, f"if {self.cond(ctx)}:"), (ind + 1, self.pick(["break", "continue"]))]
        if k == "ret":
            return [(ind, f"if {self.cond(ctx)}:"), (ind + 1, "return")]
        if k == "sync":
            s = self.sync_stmt(ctx, ind)
            if s: return s
            return self.stmt(ctx, ind, top)
        if k == "thr":
            s = self.thread_stmt(ctx, ind)
            if s: return s
        return [(ind, "pass")]

    def main_body_lines(self, ctx):
        r = self.r
        insts = [i for t in self.threads for i in t.instances()]
        started = [i for i in insts if self.chance(0.9)]
        if not started:
            started = [insts[0]]
        L = []
        for i in started:
            L.append((0, f"{i}.start()"))
            if self.chance(0.25):
                L += self.stmt(ctx, 0)
        if self.chance(0.3):
            L += self.stmt(ctx, 0)
        timers = [t.name for t in self.threads if t.timer]
        for tm in timers:
            if self.chance(0.6):
                L.append((0, f"{tm}.cancel()"))
        for i in insts:
            f = r.randint(0, 6)
            if f <= 2 and i in started:
                L.append((0, f"{i}.join()"))
            elif f == 3:
                L.append((0, f"{i}.join(timeout=1)"))
            elif f == 4:
                L += [(0, f"if {i}.is_alive():"), (0 + 1, f'print("{i} running")')]
            elif f == 5 and i not in started and self.chance(0.3):
                L.append((0, f"{i}.join()"))  # never started: RuntimeError
        if self.chance(0.6):
            L.append((0, f"print({', '.join(list(self.ints)[:2])})"))
        return L

    def spell(self, ctor):
        """Docs-allowed spellings: Lock, Lock(), threading.Lock, queue.Queue(2),
        bare Semaphore / Queue."""
        r = self.r
        if ctor == "Semaphore(1)" and self.chance(0.3):
            return "Semaphore"
        if ctor == "Queue(0)" and self.chance(0.5):
            return self.pick(["Queue", "queue.Queue"])
        if ctor.startswith("Queue") and self.chance(0.2):
            return "queue." + ctor
        if "(" not in ctor and self.chance(0.3):
            return self.pick([ctor + "()", "threading." + ctor])
        if ctor.startswith(("Semaphore", "BoundedSemaphore", "Condition", "Barrier")) and self.chance(0.15):
            return "threading." + ctor
        return ctor

    # ---- output --------------------------------------------------------
    def render(self):
        out = [f"# generated by tests/gen_programs.py --seed {self.seed} (program {self.num})",
               f"name: gen-{self.seed}-{self.num:04d}"]
        out.append("shared:")
        for n, v in self.ints.items():
            out.append(f"  {n}: {v}")
        for n, v in self.lists.items():
            if len(set(v)) == 1 and self.chance(0.5):
                out.append(f"  {n}: {{size: {len(v)}, value: {v[0]}}}")
            else:
                out.append(f"  {n}: [{', '.join(map(str, v))}]")
        if self.sync:
            out.append("sync:")
            for n, ctor in self.sync.items():
                out.append(f"  {n}: {self.spell(ctor)}")
        out.append("threads:")

        def body(lines, pad):
            return [pad + "    " * i + t for i, t in lines]

        if self.has_main:
            out.append("  main: |")
            out += body(self.main_lines, "    ")
        for t in self.threads:
            opts = []
            if t.count > 1: opts.append(f"count: {t.count}")
            if t.daemon: opts.append("daemon: true")
            if t.timer: opts.append("timer: true")
            if opts:
                out.append(f"  {t.name}:")
                out += [f"    {o}" for o in opts]
                out.append("    body: |")
                out += body(t.lines, "      ")
            else:
                out.append(f"  {t.name}: |")
                out += body(t.lines, "    ")
        if self.executor:
            out.append("executor:")
            out.append(f"  workers: {self.executor['workers']}")
            out.append("  tasks:")
            for k in range(self.executor["tasks"]):
                ctx = Ctx(self, Thread("task"), allow_id=True)
                lines = self.block(ctx, 0, self.r.randint(1, 2))
                if self.chance(0.5) and k == 0:
                    out.append("    - count: 2")
                    out.append("      body: |")
                else:
                    out.append("    - body: |")
                out += body(lines, "        ")
        return "\n".join(out) + "\n"


class HandoffGen:
    """--shape handoff: protocols of plain shared variables (issue 13), where
    reads-from is not happens-before: message passing by a flag polled a
    bounded number of times (or, rarely, an unbounded spin), SB/MP/LB litmus
    shapes, Peterson's and Dekker's entries with bounded waits, chains of
    handoffs through two threads, each handoff made by a plain flag or by a
    sync object (Event, Lock-protected flag, Queue, Semaphore, Barrier, join),
    with data written before and after the signal, so that some accesses are
    ordered by synchronisation and some only by plain variables.  Small on
    purpose: tests/race_brute.py runs every interleaving."""

    MECHS = ["plain", "plain", "plain", "spin", "event", "lockflag", "queue", "sema",
             "barrier", "plain_event"]

    def __init__(self, seed, index):
        self.r = random.Random(f"handoff:{seed}:{index}")
        self.seed, self.num = seed, index

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def program(self):
        r = self.r
        self.shared = collections.OrderedDict()
        self.sync = collections.OrderedDict()
        self.threads = collections.OrderedDict()   # name -> lines (indent, text)
        self.counted = None                          # (name, count) for count: 2
        self.main = None
        shape = self.pick(["mp", "mp", "mp", "chain", "sb", "lb", "peterson", "dekker", "mp_join"])
        getattr(self, "shape_" + shape)()
        self.noise()
        return self.render(shape)

    # -- pieces ----------------------------------------------------------
    def var(self, name, value=0):
        self.shared.setdefault(name, value)
        return name

    def signal(self, mech, ch):
        """Lines that signal channel ch (after the data writes)."""
        f = self.var(f"flag{ch}")
        if mech in ("plain", "spin"):
            return [(0, f"{f} = 1")]
        if mech == "event":
            self.sync[f"e{ch}"] = "Event"
            return [(0, f"e{ch}.set()")]
        if mech == "plain_event":
            self.sync[f"e{ch}"] = "Event"
            # the event is set before the flag: a reader that saw the flag
            # and then waits on the event is ordered by the event
            return [(0, f"e{ch}.set()"), (0, f"{f} = 1")]
        if mech == "lockflag":
            self.sync["m"] = "Lock"
            return [(0, "with m:"), (1, f"{f} = 1")]
        if mech == "queue":
            self.sync[f"q{ch}"] = "Queue"
            return [(0, f"q{ch}.put(1)")]
        if mech == "sema":
            self.sync[f"s{ch}"] = "Semaphore(0)"
            return [(0, f"s{ch}.release()")]
        if mech == "barrier":
            self.sync[f"b{ch}"] = "Barrier(2)"
            return [(0, f"b{ch}.wait()")]
        raise ValueError(mech)

    def await_(self, mech, ch, then):
        """Lines that wait for channel ch, then run `then` (list of lines)
        once the signal was seen (maybe never, for bounded polls)."""
        r = self.r
        f = f"flag{ch}"
        k = r.randint(1, 2)
        if mech == "plain":
            if self.chance(0.5):
                return [(0, f"for k in range({k}):"), (1, f"if {f} == 1:")] + \
                    [(i + 2, t) for i, t in then] + [(2, "break")]
            return [(0, f"if {f} == 1:")] + [(i + 1, t) for i, t in then]
        if mech == "spin":
            return [(0, f"while {f} == 0:"), (1, "pass")] + then
        if mech == "event":
            g = r.randint(0, 2)
            if g == 0:
                return [(0, f"e{ch}.wait()")] + then
            if g == 1:
                return [(0, f"if e{ch}.is_set():")] + [(i + 1, t) for i, t in then]
            return [(0, f"if e{ch}.wait(timeout=1):")] + [(i + 1, t) for i, t in then] + \
                [(0, "else:"), (1, f"print({self.pick(self.datas)})")]
        if mech == "plain_event":
            return [(0, f"if {f} == 1:"), (1, f"e{ch}.wait()")] + [(i + 1, t) for i, t in then]
        if mech == "lockflag":
            return [(0, f"for k in range({k}):"), (1, "with m:"), (2, f"v = {f}"),
                    (1, "if v == 1:")] + [(i + 2, t) for i, t in then] + [(2, "break")]
        if mech == "queue":
            if self.chance(0.7):
                return [(0, f"v = q{ch}.get()")] + then
            return [(0, f"if q{ch}.qsize() > 0:"), (1, f"v = q{ch}.get()")] + [(i + 1, t) for i, t in then]
        if mech == "sema":
            if self.chance(0.7):
                return [(0, f"s{ch}.acquire()")] + then
            return [(0, f"if s{ch}.acquire(False):")] + [(i + 1, t) for i, t in then]
        if mech == "barrier":
            return [(0, f"b{ch}.wait()")] + then
        raise ValueError(mech)

    def reads(self, n=None):
        """Reads (or updates) of the data after the handoff."""
        r = self.r
        out = []
        for d in r.sample(self.datas, n or r.randint(1, len(self.datas))):
            out.append(self.pick([(0, f"print({d})"), (0, f"print({d})"), (0, f"{d} += 1"),
                                  (0, f"u = {d}")]))
        return out

    def writes(self):
        return [(0, f"{d} = {self.r.randint(1, 9)}") for d in self.datas]

    def datas_(self, n):
        self.datas = [self.var(f"d{i}") for i in range(n)]

    # -- shapes ----------------------------------------------------------
    def shape_mp(self):
        """Message passing: data written, a signal, data read after seeing it;
        sometimes one more write after the signal (never ordered)."""
        self.datas_(self.r.randint(1, 2))
        mech = self.pick(self.MECHS)
        w = self.writes()
        if self.chance(0.3):
            # one data write ordered by a lock on both sides, independently
            self.sync["m"] = "Lock"
            d = self.datas[0]
            w = [(0, "with m:"), (1, f"{d} = 5")] + w[1:]
        w += self.signal(mech, 0)
        if self.chance(0.3):
            w.append((0, f"{self.pick(self.datas)} = 7"))
        rd = self.await_(mech, 0, self.reads())
        self.threads["t1"] = w
        self.threads["t2"] = rd

    def shape_mp_join(self):
        """main starts a writer, joins it or not (join(timeout=1), is_alive,
        a plain flag), then reads."""
        self.datas_(self.r.randint(1, 2))
        w = self.writes() + [(0, f"{self.var('flag0')} = 1")]
        self.threads["t1"] = w
        m = [(0, "t1.start()")]
        g = self.r.randint(0, 3)
        if g == 0:
            m.append((0, "t1.join()"))
            m += self.reads()
        elif g == 1:
            m.append((0, "t1.join(timeout=1)"))
            m += self.reads()
        elif g == 2:
            m += [(0, "if not t1.is_alive():")] + [(i + 1, t) for i, t in self.reads()]
        else:
            m += self.await_("plain", 0, self.reads())
        if self.chance(0.5):
            self.threads["t2"] = [(0, f"print({self.pick(self.datas)})")]
            m.insert(0, (0, "t2.start()"))
        self.main = m

    def shape_chain(self):
        """t1 -> t2 by one mechanism, t2 -> t3 by another: t3's reads of t1's
        writes are ordered iff both links are synchronisation."""
        self.datas_(1)
        a, b = self.pick(self.MECHS[:3] + ["event", "lockflag", "queue", "sema"]), \
            self.pick(["plain", "event", "queue", "sema", "lockflag"])
        if a == b == "lockflag":
            b = "plain"
        d = self.datas[0]
        self.threads["t1"] = self.writes() + self.signal(a, 0)
        mid = [(0, f"u = {d}")] + self.signal(b, 1)
        self.threads["t2"] = self.await_(a, 0, mid)
        self.threads["t3"] = self.await_(b, 1, [(0, f"print({d})")])

    def shape_sb(self):
        """Store buffering: each writes its variable, then reads the other's;
        sometimes one side under a lock (still a race: the other side takes
        no lock)."""
        x, y = self.var("x"), self.var("y")
        t1 = [(0, f"{x} = 1"), (0, f"print({y})")]
        t2 = [(0, f"{y} = 1"), (0, f"print({x})")]
        if self.chance(0.4):
            self.sync["m"] = "Lock"
            t1 = [(0, "with m:")] + [(1, t) for _, t in t1]
            if self.chance(0.5):
                t2 = [(0, "with m:")] + [(1, t) for _, t in t2]
        self.threads["t1"], self.threads["t2"] = t1, t2

    def shape_lb(self):
        """Load buffering: each reads the other's variable, then writes its
        own; sometimes ordered by an Event."""
        x, y = self.var("x"), self.var("y")
        t1 = [(0, f"u = {y}"), (0, f"{x} = 1"), (0, "print(u)")]
        t2 = [(0, f"u = {x}"), (0, f"{y} = 1"), (0, "print(u)")]
        if self.chance(0.4):
            self.sync["e"] = "Event"
            t1 = t1 + [(0, "e.set()")]
            t2 = [(0, "e.wait()")] + t2
        self.threads["t1"], self.threads["t2"] = t1, t2

    def shape_peterson(self):
        """Peterson's entry for two threads (count: 2, id), the wait bounded
        to K polls; the critical section increments cnt."""
        self.shared["flag"] = [0, 0]
        self.var("turn")
        self.var("cnt")
        head = [(0, "flag[id] = 1"), (0, "turn = 1 - id")]
        g = self.r.randint(0, 5)
        if g <= 2:      # one look
            wait = [(0, "if flag[1 - id] == 0 or turn == id:"), (1, "cnt += 1")]
        elif g <= 4:    # two looks
            wait = [(0, "for k in range(2):"), (1, "if flag[1 - id] == 0 or turn == id:"),
                    (2, "cnt += 1"), (2, "break")]
        else:           # the real spin: a cycle
            wait = [(0, "while flag[1 - id] == 1 and turn == 1 - id:"), (1, "pass"),
                    (0, "cnt += 1")]
        body = head + wait + [(0, "flag[id] = 0")]
        self.counted = ("p", 2, body)

    def shape_dekker(self):
        """Dekker's entry, bounded: back off once if the other wants in and
        it is not our turn."""
        self.shared["flag"] = [0, 0]
        self.var("turn")
        self.var("cnt")
        body = [(0, "flag[id] = 1"),
                (0, "if flag[1 - id] == 1:"),
                (1, "if turn != id:"), (2, "flag[id] = 0"), (2, "flag[id] = 1"),
                (0, "cnt += 1"), (0, "turn = 1 - id"), (0, "flag[id] = 0")]
        self.counted = ("p", 2, body)

    def noise(self):
        """A third party sometimes: a thread that reads or writes one datum,
        maybe under the lock."""
        if self.counted or self.main or "t3" in self.threads or not self.chance(0.3):
            return
        d = self.pick([k for k in self.shared if not isinstance(self.shared[k], list)])
        line = self.pick([f"print({d})", f"{d} = 3"])
        if "m" in self.sync and self.chance(0.5):
            self.threads["t3"] = [(0, "with m:"), (1, line)]
        else:
            self.threads["t3"] = [(0, line)]

    def render(self, shape):
        out = [f"# generated by tests/gen_programs.py --shape handoff --seed {self.seed} "
               f"(program {self.num}, {shape})",
               f"name: hand-{self.seed}-{self.num:04d}", "shared:"]
        for n, v in self.shared.items():
            out.append(f"  {n}: {json.dumps(v)}")
        if self.sync:
            out.append("sync:")
            out += [f"  {n}: {c}" for n, c in self.sync.items()]
        out.append("threads:")

        def body(lines, pad):
            return [pad + "    " * i + t for i, t in lines]
        if self.main:
            out.append("  main: |")
            out += body(self.main, "    ")
        if self.counted:
            n, c, b = self.counted
            out += [f"  {n}:", f"    count: {c}", "    body: |"] + body(b, "      ")
        for n, b in self.threads.items():
            out.append(f"  {n}: |")
            out += body(b, "    ")
        return "\n".join(out) + "\n"


class FuncGen:
    """--shape functions: Python files whose threads run functions with
    arguments (python.md P1, issue 15): 2-3 threads from one or two target
    functions with args (ints and locks), helper functions called from them
    with parameters, defaults and keyword arguments, return values used in
    expressions beside shared reads, calls in if/while conditions and inside
    `with lock:`, nested calls f(g(1)), early returns in loops and in with
    blocks, a list and locks passed by name, errors inside callees, lock-order
    inversions through a helper, and main calling a helper at the end."""

    # value helpers: name -> (params, body lines, needs); every path returns
    VALUE = {
        "get": (["a", "b=1"], ["return x + a * b"], ()),
        "twice": (["a"], ["return a * 2"], ()),
        "inc": (["d"], ["global y", "y = y + d", "return y"], ()),
        "read_locked": (["lk", "a=0"], ["with lk:", "    return x + a"], ("lock",)),
        "first": (["n"], ["for i in range(n):", "    if buf[i] > 0:", "        return i",
                          "return -1"], ("buf",)),
        "pick": (["a", "b=0"], ["if a > b:", "    return a - b", "return b - a"], ()),
        "chain": (["a"], ["return twice(a) + y"], ("twice",)),
        "count_up": (["n"], ["s = 0", "while s < n:", "    s += 1", "    if s == x:",
                             "        return s", "return s"], ()),
        "ratio": (["a"], ["return 6 // (a - x)"], ()),
        "guarded": (["lk", "a"], ["global z", "with lk:", "    z = z + a", "    if z > 2:",
                                  "        return z", "return 0"], ("lock",)),
    }
    # procedures: called as statements only (they may end without return)
    PROC = {
        "bump": (["lst", "i", "d=1"], ["lst[i] += d"], ("buf",)),
        "add": (["d"], ["global x", "with m:", "    x += d"], ()),
        "both": (["p", "q"], ["global z", "with p:", "    with q:", "        z += 1"], ("lock2",)),
        "check": (["a"], ['assert a < 3, "too big"'], ()),
        "early": (["lk", "a"], ["global y", "with lk:", "    if a > 1:", "        return",
                                "    y = y + a"], ("lock",)),
    }
    CONDS = {
        "below": (["a"], ["return a < x"], ()),
        "nonzero": (["a", "b=0"], ["return a + b != y"], ()),
    }

    def __init__(self, seed, index):
        self.r = random.Random(f"func:{seed}:{index}")
        self.seed, self.num = seed, index

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def program(self):
        r = self.r
        self.has_buf = self.chance(0.5)
        self.locks = ["m"] + (["n"] if self.chance(0.4) else []) + (["r"] if self.chance(0.25) else [])
        avail = {}
        for table, kind in ((self.VALUE, "value"), (self.PROC, "proc"), (self.CONDS, "cond")):
            for name, (params, body, needs) in table.items():
                if "buf" in needs and not self.has_buf:
                    continue
                if "lock2" in needs and len(self.locks) < 2:
                    continue
                avail[name] = kind
        names = list(avail)
        chosen = r.sample(names, min(len(names), r.randint(2, 4)))
        if self.has_buf and self.chance(0.6):
            chosen.append(self.pick([n for n in ("bump", "first") if n not in chosen] or ["bump"]))
            chosen = list(dict.fromkeys(chosen))
        if "chain" in chosen and "twice" not in chosen:
            chosen.append("twice")
        # definition order: twice before chain (no function calls a later one)
        chosen.sort(key=lambda n: (n == "chain", names.index(n)))
        self.helpers = {n: avail[n] for n in chosen}
        self.values = [n for n in chosen if avail[n] == "value"]
        self.procs = [n for n in chosen if avail[n] == "proc"]
        self.conds = [n for n in chosen if avail[n] == "cond"]
        nthreads = r.choice([2, 2, 2, 3])
        self.small = nthreads == 3
        ntargets = 1 if nthreads == 2 and self.chance(0.5) else r.choice([1, 2])
        self.targets = []
        for ti in range(ntargets):
            name = ["worker", "other"][ti]
            params = ["k"] + (["lk"] if self.chance(0.6) else [])
            if "lk" in params and len(self.locks) > 1 and self.chance(0.4):
                params.append("lk2")
            body = self.target_body(params)
            self.targets.append((name, params, body))
        self.threads = []
        for i in range(nthreads):
            name, params, _ = self.targets[i % ntargets] if i < ntargets else self.pick(self.targets)
            args = []
            for p in params:
                if p == "k":
                    args.append(str(r.choice([0, 1, 1, 2])))
                else:
                    args.append(self.pick(self.locks))
            if i and self.chance(0.25) and self.threads[0][1] == name:
                args = list(self.threads[0][2])     # interchangeable twins
            self.threads.append((f"t{i + 1}", name, args))
        return self.render()

    # ---- expressions ----------------------------------------------------
    def arg(self, params, depth):
        r = self.r
        c = r.random()
        if c < 0.35 and "k" in params:
            return "k"
        if c < 0.5 and depth < 1 and self.values:
            return self.value_call(params, depth + 1)
        if c < 0.6:
            return self.pick(["x", "y"])
        return str(r.choice([0, 1, 2]))

    def lock_arg(self, params):
        cands = [p for p in params if p in ("lk", "lk2")] or self.locks
        return self.pick(cands)

    def call(self, name, params, depth, table):
        ps = table[name][0]
        out = []
        for idx, p in enumerate(ps):
            pname, _, default = p.partition("=")
            if pname in ("lk", "p", "q"):
                a = self.lock_arg(params)
            elif pname == "lst":
                a = "buf"
            elif pname == "i":
                a = self.pick(["0", "1", "k % 2" if "k" in params else "1",
                               "k" if "k" in params else "-1"])     # k = 2: IndexError
            elif pname == "n":
                a = str(self.r.choice([1, 2, 2, 3] if name == "first" else [1, 2]))
            else:
                a = self.arg(params, depth)
            if default:
                if self.chance(0.4):
                    continue          # the default
                if self.chance(0.5):
                    out.append(f"{pname}={a}")
                    continue
            elif self.chance(0.15) and all("=" not in o for o in out) and idx == len(ps) - 1:
                out.append(f"{pname}={a}")
                continue
            if any("=" in o for o in out):
                out.append(f"{pname}={a}")
            else:
                out.append(a)
        return f"{name}({', '.join(out)})"

    def value_call(self, params, depth=0):
        return self.call(self.pick(self.values), params, depth, self.VALUE)

    def value(self, params):
        """An expression with a helper's result, maybe beside a shared read."""
        if not self.values:
            return self.pick(["x + 1", "y", "k" if "k" in params else "1"])
        v = self.value_call(params)
        c = self.r.random()
        if c < 0.35:
            return f"{v} + {self.pick(['x', 'y', 'z'])}"
        if c < 0.45 and len(self.values) > 1:
            return f"{v} - {self.value_call(params)}"
        return v

    def cond(self, params):
        if self.conds and self.chance(0.7):
            n = self.pick(self.conds)
            return self.call(n, params, 0, self.CONDS)
        return f"{self.value(params)} > {self.r.choice([0, 1, 2])}"

    # ---- statements -----------------------------------------------------
    def target_body(self, params):
        n = self.r.choice([1, 1] if self.small else [1, 2, 2, 3])
        groups = [self.stmt(params, 0, True) for _ in range(n)]
        if "bump" in self.procs and self.chance(0.5):
            groups.insert(self.r.randint(0, len(groups)), [self.call("bump", params, 0, self.PROC)])
        return [ln for g in groups for ln in g]

    def stmt(self, params, ind, top):
        r = self.r
        pad = "    " * ind
        kinds = ["assign", "assign", "local", "print", "proc", "proc", "if", "with",
                 "while", "for_return", "two_calls", "assert"]
        k = self.pick(kinds)
        var = self.pick(["x", "y", "z"])
        if k == "assign":
            return [f"{pad}{var} = {self.value(params)}"]
        if k == "local":
            v = self.value(params)
            tail = self.pick([f"print(v)", "assert v < 4", f"{var} = v + {var}"])
            return [f"{pad}v = {v}", f"{pad}{tail}"]
        if k == "print":
            return [f"{pad}print({self.value(params)}, {self.pick(['x', 'y', 'z'])})"]
        if k == "proc":
            if not self.procs:
                return [f"{pad}{var} = {self.value(params)}"]
            return [pad + self.call(self.pick(self.procs), params, 0, self.PROC)]
        if k == "if":
            out = [f"{pad}if {self.cond(params)}:", f"{pad}    {var} = {var} + 1"]
            if self.chance(0.5):
                out += [f"{pad}else:", f"{pad}    {var} = {self.value(params)}"]
            return out
        if k == "with":
            lk = self.lock_arg(params)
            return [f"{pad}with {lk}:", f"{pad}    {var} = {self.value(params)} + 1"]
        if k == "while":
            return [f"{pad}i = 0", f"{pad}while i < 2 and {self.cond(params)}:",
                    f"{pad}    i += 1"]
        if k == "for_return" and top:
            return [f"{pad}for j in range(2):", f"{pad}    if {self.cond(params)}:",
                    f"{pad}        return", f"{pad}    {var} = {var} + j"]
        if k == "two_calls" and self.values:
            return [f"{pad}{var} = {self.value_call(params)} + {self.value_call(params)}"]
        if k == "assert" and self.values:
            return [f"{pad}assert {self.value_call(params)} < {r.choice([2, 3, 4])}"]
        return [f"{pad}{var} = {self.value(params)}"]

    # ---- rendering ------------------------------------------------------
    def render(self):
        r = self.r
        out = [f'"""generated by tests/gen_programs.py --shape functions --seed {self.seed} '
               f'(program {self.num})"""', "import threading", ""]
        out += [f"x = {r.choice([0, 0, 1])}", f"y = {r.choice([0, 1])}", "z = 0"]
        if self.has_buf:
            out.append(f"buf = [{r.choice([0, 1])}, {r.choice([0, 1])}]")
        for lk in self.locks:
            out.append(f"{lk} = threading.{'RLock' if lk == 'r' else 'Lock'}()")
        for name, kind in self.helpers.items():
            table = {"value": self.VALUE, "proc": self.PROC, "cond": self.CONDS}[kind]
            params, body, _ = table[name]
            out += ["", "", f"def {name}({', '.join(params)}):"] + ["    " + b for b in body]
        for name, params, body in self.targets:
            assigned = sorted({v for v in ("x", "y", "z")
                               if re.search(rf"^\s*{v} (\+)?= ", "\n".join(body), re.M)})
            out += ["", "", f"def {name}({', '.join(params)}):"]
            if assigned:
                out.append("    global " + ", ".join(assigned))
            out += ["    " + b for b in body]
        out += ["", ""]
        for t, name, args in self.threads:
            a = "(" + ", ".join(args) + ("," if len(args) == 1 else "") + ")"
            out.append(f"{t} = threading.Thread(target={name}, args={a})")
        main = [f"{t}.start()" for t, _, _ in self.threads]
        joined = [t for t, _, _ in self.threads if not self.chance(0.15)]
        main += [f"{t}.join()" for t in joined]
        c = r.random()
        if c < 0.3 and self.values:
            main.append(f"print({self.value_call([])})")
        elif c < 0.6:
            main.append("print(x, y, z)")
        if self.chance(0.2):
            out += ['if __name__ == "__main__":'] + ["    " + m for m in main]
        else:
            out += main
        return "\n".join(out) + "\n"


class ClassGen:
    """--shape classes: Python files with a class (docs/classes-rules.md C1-C4,
    L1, S1, E1-E6): __init__ setting int attributes (and maybe a Lock),
    methods reading and changing attributes and a module variable, `with
    self._lock:` or acquire/release, self.m() calls, logging.info with
    %s/%d arguments, one or two objects created in main before threads
    start, threads with target=obj.method and args=, or a
    ThreadPoolExecutor in main (1-3 workers, 1-4 submits, some in a `for
    i in range(k)` loop, of bound methods or a module function), and
    sometimes both.  Small: the brute force of tests/py_brute.py must
    finish them (gen_programs keeps only those it does)."""

    # name -> (params, body lines, needs): "lock" needs self._lock, "add"
    # calls self.add, "total" uses the module variable total
    METHODS = {
        "update": (["name"], ['logging.info("Thread %s: starting update", name)',
                              "local_copy = self.value", "local_copy += 1", "time.sleep(0.1)",
                              "self.value = local_copy",
                              'logging.info("Thread %s: finishing update", name)'], ()),
        "update_locked": (["name"], ['logging.info("Thread %s: about to lock", name)',
                                     "with self._lock:", "    local_copy = self.value",
                                     "    local_copy += 1", "    self.value = local_copy"],
                          ("lock",)),
        "add": (["d"], ["self.value += d"], ()),
        "add_locked": (["d"], ["with self._lock:", "    self.count = self.count + d"], ("lock",)),
        "acq_add": (["d"], ["self._lock.acquire()", "self.value = self.value + d",
                            "self._lock.release()"], ("lock",)),
        "to_total": (["d=1"], ["global total", "total = total + self.value * d"], ("total",)),
        "report": (["k"], ['logging.info("report %d: value %d, count %s", k, self.value, '
                           'self.count)'], ()),
        "twice": (["d"], ["self.add(d)", "self.add(d)"], ("add",)),
        "check": (["k"], ['assert self.value < k + 2, "too big"'], ()),
        "ratio": (["k"], ["self.count = 6 // (k - self.value)"], ()),
        "set_if": (["k"], ["if self.value == 0:", "    self.value = k", "else:",
                           "    self.count += 1"], ()),
        "log_total": (["k"], ["global total", "total = k",
                              'logging.warning("total set to %d by %s", total, k)'], ("total",)),
    }
    # rough number of steps of each (for keeping programs small)
    COST = {"update": 6, "update_locked": 5, "add": 2, "add_locked": 4, "acq_add": 4,
            "to_total": 3, "report": 2, "twice": 8, "check": 1, "ratio": 2, "set_if": 3,
            "log_total": 2}

    def __init__(self, seed, index):
        self.r = random.Random(f"classes:{seed}:{index}")
        self.seed, self.num = seed, index

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def program(self):
        r = self.r
        self.cls = self.pick(["FakeDatabase", "Counter", "Account", "Stats"])
        names = list(self.METHODS)
        k = r.choice([1, 2, 2, 3])
        chosen = r.sample(names, k)
        if "twice" in chosen and "add" not in chosen:
            chosen.append("add")
        self.methods = [m for m in names if m in chosen]
        needs = {n for m in self.methods for n in self.METHODS[m][2]}
        self.lock = "lock" in needs or self.chance(0.2)
        self.total = "total" in needs or self.chance(0.3)
        self.init_param = self.chance(0.3)
        self.objs = ["database" if self.cls == "FakeDatabase" else self.cls.lower()]
        if self.chance(0.2):
            self.objs.append(self.objs[0] + "2")
        self.func = self.chance(0.25)        # a module function submitted or a target
        # a module function given an object (passed by name, C4): via(obj, k)
        onearg = [m for m in self.methods if self.METHODS[m][0] and
                  not self.METHODS[m][0][0].startswith("d=")]
        self.via = self.pick(onearg) if onearg and self.chance(0.3) else None
        self.mode = self.pick(["threads", "executor", "executor", "both"])
        return self.render()

    def cost(self, m):
        return 2 if m == "work" else self.COST[self.via] + 1 if m == "via" else self.COST[m]

    def callable_(self, small):
        cands = self.methods + (["work"] if self.func else []) + (["via"] if self.via else [])
        if small:
            cands = [m for m in cands if self.cost(m) <= 3] or cands
        m = self.pick(cands)
        if m in ("work", "via"):
            return m, m
        return f"{self.pick(self.objs)}.{m}", m

    def arg(self, m, loopvar=None):
        if m == "work":
            return loopvar or str(self.r.choice([1, 2]))
        if m == "via":
            return f"{self.pick(self.objs)}, {loopvar or self.r.choice([0, 1, 2])}"
        params = self.METHODS[m][0]
        if not params or params[0].startswith("d="):
            return None if self.chance(0.5) else str(self.r.choice([1, 2]))
        if loopvar and self.chance(0.7):
            return loopvar
        return str(self.r.choice([0, 1, 2]))

    def render(self):
        r = self.r
        ex = self.mode in ("executor", "both")
        imports = (["import concurrent.futures"] if ex and self.chance(0.6) else
                   ["from concurrent.futures import ThreadPoolExecutor"] if ex else [])
        out = [f'"""generated by tests/gen_programs.py --shape classes --seed {self.seed} '
               f'(program {self.num})"""'] + imports + ["import logging", "import threading",
                                                       "import time", ""]
        if self.total:
            out.append("total = 0")
        out += ["", ""]
        out.append(f"class {self.cls}:" if self.chance(0.7) else f"class {self.cls}(object):")
        if self.chance(0.3):
            out.append(f'    """A {self.cls.lower()} shared by the threads."""')
        init = "def __init__(self, start=0):" if self.init_param else "def __init__(self):"
        out += ["    " + init, "        self.value = " + ("start" if self.init_param else
                                                        str(r.choice([0, 0, 1]))),
                "        self.count = 0"]
        if self.lock:
            out.append("        self._lock = threading.Lock()")
        for m in self.methods:
            params, body, _ = self.METHODS[m]
            out += ["", f"    def {m}(self{''.join(', ' + p for p in params)}):"]
            out += ["        " + b for b in body]
        if self.func:
            out += ["", "", "def work(k):"]
            if self.total:
                out += ["    global total", "    total = total + k"]
            else:
                out += [f'    logging.info("work %d on %d", k, {self.objs[0]}.value)']
        if self.via:
            out += ["", "", "def via(o, k):", f"    o.{self.via}(k)"]
        out += ["", ""]
        main = []
        if self.chance(0.6):
            if self.chance(0.5):
                main += ['format = "%(asctime)s: %(message)s"',
                         'logging.basicConfig(format=format, level=logging.INFO, '
                         'datefmt="%H:%M:%S")']
            else:
                main.append("logging.basicConfig(level=logging.INFO)")
        for o in self.objs:
            a = str(r.choice([0, 1])) if self.init_param and self.chance(0.6) else ""
            main.append(f"{o} = {self.cls}({a})")
        o0 = self.objs[0]
        if self.chance(0.6):
            main.append(f'logging.info("Testing update. Starting value is %d.", {o0}.value)')
        budget = 1
        if self.mode in ("threads", "both"):
            nt = 1 if self.mode == "both" else r.choice([1, 2, 2])
            ts = []
            for i in range(nt):
                f, m = self.callable_(small=nt > 1 or self.mode == "both")
                a = self.arg(m)
                args = f", args=({a},)" if a is not None else ""
                main.append(f"t{i + 1} = threading.Thread(target={f}{args})")
                ts.append(f"t{i + 1}")
            main += [f"{t}.start()" for t in ts]
            budget = nt
            if self.mode == "threads":
                main += [f"{t}.join()" for t in ts if not self.chance(0.15)]
        if ex:
            n = r.choice([1, 1, 2, 2, 3]) if self.mode == "executor" else 1
            ctor = "concurrent.futures.ThreadPoolExecutor" if "import concurrent.futures" in \
                imports else "ThreadPoolExecutor"
            var = self.pick(["executor", "ex", "pool"])
            body = []
            ntasks = 0
            limit = (4 if n == 1 else 3 if n == 2 else 2) - (budget - 1)
            while ntasks < max(1, limit) and (ntasks == 0 or self.chance(0.6)):
                if self.chance(0.45) and limit - ntasks >= 2:
                    k = r.choice([2, 2, 3]) if limit - ntasks >= 3 else 2
                    f, m = self.callable_(small=True)
                    a = self.arg(m, "i")
                    body += [f"for i in range({k}):",
                             f"    {var}.submit({f}{', ' + a if a is not None else ''})"]
                    ntasks += k
                else:
                    f, m = self.callable_(small=ntasks > 0 or n > 1)
                    a = self.arg(m)
                    body.append(f"{var}.submit({f}{', ' + a if a is not None else ''})")
                    ntasks += 1
            if self.chance(0.3):  # not between a for header and its body
                spots = [k for k in range(len(body) + 1)
                         if k == len(body) or not body[k].startswith("    ")]
                body.insert(r.choice(spots), f'logging.info("inside the with: %d", {o0}.value)')
            main.append(f"with {ctor}(max_workers={n}) as {var}:")
            main += ["    " + b for b in body]
            if self.mode == "both":
                main.append("t1.join()")
        c = r.random()
        if c < 0.5:
            main.append(f'logging.info("Testing update. Ending value is %d.", {o0}.value)')
        elif c < 0.8:
            main.append(f"print({o0}.value, {o0}.count" + (", total)" if self.total else ")"))
        else:
            main.append(f'logging.info("count %s", {self.objs[-1]}.count)')
        if self.chance(0.6):
            out += ['if __name__ == "__main__":'] + ["    " + m for m in main]
        else:
            out += main
        return "\n".join(out) + "\n"


CLASS_FEATURES = [
    ("Lock attribute", r"self\._lock = "), ("with self._lock", r"with self\._lock:"),
    ("acquire/release", r"_lock\.acquire\(\)"), ("self.m() call", r"^\s+self\.\w+\(d\)$"),
    ("module variable", r"^total = 0"), ("logging.info args", r"logging\.(info|warning)\(\"[^\"]*%"),
    ("basicConfig", r"basicConfig"), ("string constant", r"^\s*format = "),
    ("__init__ parameter", r"start=0"), ("two objects", r"^\s*\w+2 = "),
    ("threads", r"threading\.Thread\(target="), ("executor", r"ThreadPoolExecutor\("),
    ("threads and executor", None), ("1 worker", r"max_workers=1"), ("2 workers", r"max_workers=2"),
    ("3 workers", r"max_workers=3"), ("submit in a loop", r"for i in range\(\d\):\n\s+\w+\.submit"),
    ("module function submitted", r"submit\(work"), ("logging inside the with", r"inside the with"),
    ("assert (errors)", r"assert self"), ("division", r"//"), ("__main__ block", r"__main__"),
    ("class(object)", r"\(object\):"), ("thread not joined", None),
    ("object passed to a function", r"def via\(o, k\)"),
]


def class_tally(texts):
    c = collections.Counter()
    for t in texts:
        for name, rx in CLASS_FEATURES:
            if rx and re.search(rx, t, re.M):
                c[name] += 1
        if "Thread(target=" in t and "ThreadPoolExecutor(" in t:
            c["threads and executor"] += 1
        if len(re.findall(r"\bt\d\.start\(\)", t)) != len(re.findall(r"\bt\d\.join\(\)", t)):
            c["thread not joined"] += 1
    return {name: c[name] for name, _ in CLASS_FEATURES}


def brute_check(path, max_interleavings, max_seconds):
    """--shape classes: the engine may not run them yet; keep what the
    brute force of tests/py_brute.py finishes (0 kept, 2 unsupported by
    it: a generator bug, 3 too large)."""
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    import py_brute
    r = py_brute.explore(path, cap=max_interleavings or 20000, node_cap=400000,
                         max_seconds=max_seconds)
    if r["status"] == "ok":
        return 0, ""
    if r["status"] == "unsupported":
        return 2, f"{path}:1:1: error: the brute force does not model it: {r['why']}"
    return 3, ""


# What the written programs use (reported in the summary).
FEATURES = [
    ("shared list", r"^  (a|buf): "), ("dynamic index a[x % n]", r"\[\w+ % \d\]"),
    ("index a[id]", r"\[id\]"), ("index a[i] (loop var)", r"\[[ij]\]"),
    ("negative / out-of-range index", r"\[-\d\]|\[3\]"),
    ("if/else", r"^\s+else:"), ("bounded while", r"while kk? < |while k2 < "),
    ("while True / spin loop", r"while True:|while not |while \w+ == \d:"),
    ("for range", r"for \w+ in range"), ("for list", r"for \w+ in \["),
    ("shared loop variable", r"for [xyz] in"), ("break/continue", r"break|continue"),
    ("return", r"^\s+return$"), ("print", r"print\("), ("assert", r"assert "),
    ("Lock", r": (threading\.)?Lock"), ("RLock", r"RLock"), ("Semaphore", r": (threading\.)?Semaphore"),
    ("BoundedSemaphore", r"BoundedSemaphore"), ("Event", r": (threading\.)?Event"),
    ("Condition", r": (threading\.)?Condition"), ("Condition(lock)", r"Condition\([mr]\)"),
    ("two Conditions on one lock", r"c2: "), ("Barrier", r"Barrier\("), ("Queue", r"Queue"),
    ("with", r"with \w+:"), ("acquire/release", r"\.acquire\(\)"),
    ("acquire(timeout=)", r"acquire\(.*(timeout|True, 1)"), ("acquire non-blocking", r"acquire\((False|blocking=False)\)"),
    ("locked()", r"locked\(\)"), ("release by another / extra", r"^\s+\w+\.release\(\)$"),
    ("Event set/clear", r"e\.(set|clear)\(\)"), ("Event wait / wait(timeout)", r"e\.wait\("),
    ("is_set", r"is_set\(\)"), ("Condition wait", r"c2?\.wait\("), ("notify/notify_all", r"notify"),
    ("barrier rest prints/fails at release", r"print\(\w+, bar\.wait|// \(\w+ \+ bar\.wait|\* 10 \+ bar|assert \w+ \+ bar|// bar\.wait"),
    ("Queue put/get", r"q\.(put|get)"), ("task_done / q.join", r"task_done|q\.join"),
    ("count: 2", r"count: 2"), ("count reading id", r"\bid\b"), ("main", r"^  main: "),
    ("start/join", r"\.start\(\)|\.join\("), ("join(timeout=)", r"join\(timeout"),
    ("is_alive", r"is_alive"), ("daemon", r"daemon: true"), ("timer / cancel", r"timer: true|cancel\(\)"),
    ("executor", r"^executor:"), ("error inside with", r"with \w+:\n\s+(\w+ = 1 //|assert|\w+ = \w+\[)"),
    ("lock-order inversion", r"with m:\n\s+with n:|m\.acquire\(\)\n\s+n\.acquire"),
    ("division (maybe by zero)", r"//|%"),
]

# What the --shape functions programs use.
FUNC_FEATURES = [
    ("3 threads", r"^t3 = "), ("two targets", r"^def other\("), ("lock argument", r"args=\(.*[mnr][,)]"),
    ("interchangeable twins", None), ("default left out", r"\b(get|read_locked|pick|bump|nonzero)\([^,()]*\)"),
    ("keyword argument", r"^(?!.*Thread\().*\w\([^)]*\b[a-z]{1,2}=[\w(]"), ("nested call f(g())", r"\w\([^()]*\w\("),
    ("result + shared", r"\) [+-] [xyz]$"), ("two calls in a statement", r"\) [+-] \w+\("),
    ("call in if", r"^\s+if \w+\("), ("call in while", r"while i < 2 and \w+\("),
    ("call inside with", r"with \w+:\n\s+\w+ = \w+\("), ("return in with", r"with lk:\n(\s+.*\n)?\s+return"),
    ("return in loop", r"for \w+ in range\(\w+\):\n\s+if .*:\n\s+return"),
    ("list passed", r"bump\(buf"), ("lock-order helper", r"def both"), ("assert in callee", r"def check"),
    ("division", r"//"), ("main calls a helper", r"^print\(\w+\(|^    print\(\w+\("),
    ("__main__ block", r"__main__"), ("thread not joined", None),
]


def func_tally(texts):
    c = collections.Counter()
    for t in texts:
        for name, rx in FUNC_FEATURES:
            if rx and re.search(rx, t, re.M):
                c[name] += 1
        args = re.findall(r"^t\d = threading.Thread\(target=(\w+), args=(.*)\)$", t, re.M)
        if len(args) != len(set(args)):
            c["interchangeable twins"] += 1
        if len(re.findall(r"\.start\(\)", t)) != len(re.findall(r"\.join\(\)", t)):
            c["thread not joined"] += 1
    return {name: c[name] for name, _ in FUNC_FEATURES}


def tally(texts):
    c = collections.Counter()
    for t in texts:
        for name, rx in FEATURES:
            if re.search(rx, t, re.M):
                c[name] += 1
    return {name: c[name] for name, _ in FEATURES}


def check(binary, path, max_states, max_seconds, max_interleavings=0):
    p = subprocess.run([binary, "explore", path, "--json", "--max-states", str(max_states),
                        "--max-seconds", str(max_seconds)],
                       capture_output=True, text=True)
    rc = p.returncode
    if rc in (0, 1):
        # a finding can make a stopped run exit 1: look at "complete"
        try:
            j = json.loads(p.stdout)
            if not j["complete"]:
                rc = 3
            elif max_interleavings and j["interleavings"] != "infinite" and \
                    int(j["interleavings"]) > max_interleavings:
                rc = 3
        except (ValueError, KeyError):
            return 99, "unparsable JSON report"
    return rc, p.stderr.strip()


def reason_of(stderr):
    line = stderr.splitlines()[0] if stderr else "(no message)"
    m = re.search(r"error: (.*)", line)
    msg = m.group(1) if m else line
    return re.sub(r"'[^']*'|\b\d+\b", "_", msg)[:120]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", required=True)
    ap.add_argument("--binary", default=None)
    ap.add_argument("--max-states", type=int, default=50000)
    ap.add_argument("--max-seconds", type=float, default=5)
    ap.add_argument("--no-check", action="store_true", help="write without checking")
    ap.add_argument("--keep-rejected", action="store_true")
    ap.add_argument("--shape", choices=["mixed", "handoff", "symmetric", "functions", "classes"],
                    default="mixed",
                    help="handoff: the plain-variable protocols of HandoffGen (the old "
                         "seeds give the same programs with the default); symmetric: "
                         "the mixed shape with a count: 2-3 group of interchangeable threads; "
                         "functions: Python files of FuncGen (tests/func_compare.py); "
                         "classes: Python files of ClassGen, checked with the brute force "
                         "of tests/py_brute.py instead of BINARY")
    ap.add_argument("--max-interleavings", type=int, default=0,
                    help="also reject programs with more (finite) interleavings")
    a = ap.parse_args()
    binary = a.binary
    if binary is None:
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        binary = os.path.join(here, "interleave")
    os.makedirs(a.out, exist_ok=True)
    rej_dir = os.path.join(a.out, "rejected")
    refused = collections.Counter()
    refused_example = {}
    too_big = 0
    odd = []
    texts = []
    written = 0
    index = 0
    attempts = 0
    while written < a.count:
        attempts += 1
        if attempts > 20 * a.count + 100:
            print("gen_programs: too many rejections, giving up", file=sys.stderr)
            break
        if a.shape == "handoff":
            text = HandoffGen(a.seed, index).program()
            name = f"hand-{a.seed}-{index:04d}.yaml"
        elif a.shape == "functions":
            text = FuncGen(a.seed, index).program()
            name = f"func-{a.seed}-{index:04d}.py"
        elif a.shape == "classes":
            text = ClassGen(a.seed, index).program()
            name = f"class-{a.seed}-{index:04d}.py"
        elif a.shape == "symmetric":
            text = Gen(a.seed, index, symmetric=True).program()
            name = f"sym-{a.seed}-{index:04d}.yaml"
        else:
            text = Gen(a.seed, index).program()
            name = f"gen-{a.seed}-{index:04d}.yaml"
        index += 1
        path = os.path.join(a.out, name)
        with open(path, "w") as f:
            f.write(text)
        if a.no_check:
            written += 1
            texts.append(text)
            continue
        if a.shape == "classes":
            rc, err = brute_check(path, a.max_interleavings, a.max_seconds)
        else:
            rc, err = check(binary, path, a.max_states, a.max_seconds, a.max_interleavings)
        if rc in (0, 1):
            written += 1
            texts.append(text)
            continue
        if rc == 2:
            why = reason_of(err)
            refused[why] += 1
            refused_example.setdefault(why, (name, err.splitlines()[0] if err else ""))
        elif rc == 3:
            too_big += 1
        else:  # a crash, out of memory, a bad report: keep it, it is a finding
            odd.append((name, rc, err.splitlines()[-1] if err else ""))
            written += 1
            continue
        if a.keep_rejected and rc == 2:
            os.makedirs(rej_dir, exist_ok=True)
            os.replace(path, os.path.join(rej_dir, name))
        else:
            os.remove(path)
    summary = {"seed": a.seed, "written": written, "candidates": index,
               "refused": sum(refused.values()), "too_large": too_big,
               "odd_exits": odd,
               "features": func_tally(texts) if a.shape == "functions" else
               class_tally(texts) if a.shape == "classes" else tally(texts),
               "refused_reasons": {k: {"count": v, "example": refused_example[k]}
                                   for k, v in refused.most_common()}}
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    limit = (f"> {a.max_interleavings or 20000} interleavings for the brute force"
             if a.shape == "classes" else f"> {a.max_states} states")
    print(f"gen_programs: seed {a.seed}: {written} written of {index} candidates; "
          f"{summary['refused']} refused (exit 2), {too_big} too large "
          f"({limit} or > {a.max_seconds} s)")
    print("  features (programs using each): " +
          ", ".join(f"{k} {v}" for k, v in summary["features"].items()))
    for name, rc, msg in odd:
        print(f"  kept {name}: exit {rc} {msg}")
    for k, v in refused.most_common():
        print(f"  refused {v}x: {k}   e.g. {refused_example[k][1]}")


if __name__ == "__main__":
    main()
