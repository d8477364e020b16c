#!/usr/bin/env python3
"""tamper.py - trace tampering, generated (run by tests/tamper.sh).

Takes every committed trace under traces/ and alters each of its fields in
turn: the top-level keys, each schedule entry, each step's step / thread /
line / code / reads / writes / output, and the outcome's status / output /
final / errors / blocked, down to every element and location. Each field is
given a wrong value of its own kind, a value of every wrong type, out-of-range
and huge numbers, an empty string, null, NUL and control bytes, a long string,
and is removed; sequences lose, gain and duplicate elements; mappings gain an
unknown key. Each altered copy is replayed by every binary given, which must:

  - exit 1 (diverged) or 2 (malformed), never 0, a signal or a sanitizer
    report; exit 2 with nothing on stdout;
  - name the field: the first `TRACE:LINE:COL: error: ...` line on stderr
    points at the altered node or one that contains it, or its message names
    the field (its key, or for a schedule entry or a step, `step N`).

A few removals are allowed by the format and must still reproduce (exit 0,
"reproduced:" on stdout): a step's `line:` and `code:`, a whole step or all
of `steps:` (steps are a sparse record), and the outcome's `output:` and
`final:`.

The traces are read with a small reader for the flow-style YAML that the
trace writer emits (no PyYAML needed), which keeps each node's span and
LINE:COL so alterations are text splices and the expected positions are
exact.

The first trace of each directory under traces/ gets every alteration of
every field; the others (the same shapes again) get each field's wrong value,
its removal and the additions. The first BINARY replays every case; any
further one (the ASan build, ten times slower to start) replays those of the
every-alteration traces, which hold all the hostile values.

Usage: tamper.py [-v] BINARY [SANITIZER_BINARY...]   (from the repository's root)
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

# ---- a reader for the traces' YAML subset, with positions ------------------


class Node:
    """kind: 'map', 'seq' or 'scalar'; start/end: byte span in the text;
    line/col: 1-based position; items: [(key Node, value Node)] for a map,
    [Node] for a seq; raw: the text as written; value: a scalar's, decoded."""

    def __init__(self, kind, start, line, col):
        self.kind, self.start, self.line, self.col = kind, start, line, col
        self.end, self.items, self.raw, self.value = start, [], "", None
        self.quoted = False
        self.block = False  # a block sequence (steps:) rather than [...]

    def pos(self):
        return "%d:%d" % (self.line, self.col)


class Reader:
    def __init__(self, text):
        self.t, self.i = text, 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def linecol(self, off):
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= off:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, off - self.line_starts[lo] + 1

    def node(self, kind, off):
        line, col = self.linecol(off)
        return Node(kind, off, line, col)

    def ws(self):
        while self.i < len(self.t) and self.t[self.i] == " ":
            self.i += 1

    def expect(self, s):
        if not self.t.startswith(s, self.i):
            raise ValueError("expected %r at %s" % (s, self.linecol(self.i)))
        self.i += len(s)

    def scalar(self, stops):
        n = self.node("scalar", self.i)
        if self.t[self.i] == '"':
            j = self.i + 1
            while self.t[j] != '"':
                j += 2 if self.t[j] == "\\" else 1
            n.raw = self.t[self.i:j + 1]
            n.value = n.raw[1:-1].encode().decode("unicode_escape")
            n.quoted = True
            self.i = j + 1
        else:
            j = self.i
            while j < len(self.t) and self.t[j] not in stops:
                j += 1
            n.raw = self.t[self.i:j].rstrip(" ")
            n.value = n.raw
            self.i += len(n.raw)
        n.end = self.i
        return n

    def flow(self):
        c = self.t[self.i]
        if c not in "[{":
            return self.scalar(",]}\n")
        n = self.node("map" if c == "{" else "seq", self.i)
        close = "}" if c == "{" else "]"
        self.i += 1
        self.ws()
        while self.t[self.i] != close:
            if n.kind == "map":
                k = self.scalar(":")
                self.expect(":")
                self.ws()
                n.items.append((k, self.flow()))
            else:
                n.items.append(self.flow())
            self.ws()
            if self.t[self.i] == ",":
                self.i += 1
                self.ws()
        self.i += 1
        n.end = self.i
        n.raw = self.t[n.start:n.end]
        return n

    def top(self):
        root = self.node("map", 0)
        while self.i < len(self.t):
            if self.t[self.i] == "\n":
                self.i += 1
                continue
            k = self.scalar(":")
            self.expect(":")
            if self.t[self.i] == "\n":  # a block sequence of flow items follows
                self.i += 1
                seq = self.node("seq", self.i)
                seq.block = True
                while self.t.startswith("- ", self.i):
                    self.i += 2
                    seq.items.append(self.flow())
                    self.expect("\n")
                seq.end = self.i
                root.items.append((k, seq))
                continue
            self.ws()
            root.items.append((k, self.flow()))
            self.expect("\n")
        root.end = self.i
        return root


# ---- the fields of a trace ----------------------------------------------------

INT_FIELDS = {"trace", "step", "line"}


class Field:
    """One node to alter: path for people, the node, its ancestors (nearest
    first), what contains it (to remove it), and its kind."""

    def __init__(self, path, node, key, parent, ancestors, kind):
        self.path, self.node, self.key, self.parent = path, node, key, parent
        self.ancestors, self.kind = ancestors, kind


def fields(root):
    out = []

    def walk(n, path, key, parent, anc, kind):
        out.append(Field(path, n, key, parent, anc, kind))
        below = [n] + anc
        if n.kind == "map":
            for k, v in n.items:
                ck = k.value
                if path == "outcome.final" or path.endswith(".reads") or path.endswith(".writes"):
                    ckind = "intvalue"
                elif ck in INT_FIELDS:
                    ckind = "int"
                elif n is root and ck == "program_sha256":
                    ckind = "sha"
                else:
                    ckind = "str" if v.kind == "scalar" else "coll"
                walk(v, (path + "." if path else "") + ck, k, n, below, ckind)
        elif n.kind == "seq":
            for j, v in enumerate(n.items):
                ckind = "intvalue" if kind == "intvalue" else ("str" if v.kind == "scalar" else "coll")
                walk(v, "%s[%d]" % (path, j), None, n, below, ckind)

    for k, v in root.items:
        kind = "int" if k.value in INT_FIELDS else "sha" if k.value == "program_sha256" else (
            "str" if v.kind == "scalar" else "coll")
        walk(v, k.value, k, root, [], kind)
    return out


# ---- alterations ------------------------------------------------------------------

HUGE = "99999999999999999999999"
GENERIC = [
    ("wrong type: string", '"abc"'), ("wrong type: integer", "7"), ("negative", "-1"),
    ("zero", "0"), ("huge", HUGE), ("int64 max", "9223372036854775807"),
    ("int64 min", "-9223372036854775808"), ("below int64 min", "-9223372036854775809"),
    ("float", "1.5"), ("boolean", "true"), ("empty", '""'), ("null", "~"),
    ("wrong type: sequence", "[1, 2]"), ("wrong type: mapping", "{a: 1}"),
    ("control bytes", '"\\x01\\x1b[31m"'),
    ("long string", '"' + "x" * 3000 + '"'),
]
# optional keys a step or the outcome may lack, and a value to add them with
ADDED = {
    "steps": [("reads", "{x: 0}"), ("writes", "{x: 0}"), ("output", '"tampered"'),
              ("error", '"ValueError: tampered"')],
    "outcome": [("output", '["tampered"]'), ("final", "{zz: 1}"), ("errors", '["t1: ValueError at line 1"]'),
                ("blocked", "[{thread: t1, line: 1, waiting_for: lock zz}]")],
}
# removals the format allows: the trace must still reproduce
OPTIONAL = re.compile(r"^(steps(\[\d+\](\.(line|code))?)?|outcome\.(output|final))$")


def thread_names(root):
    names = set()
    for f in fields(root):
        if f.node.kind == "scalar" and (re.match(r"^schedule\[", f.path) or f.path.endswith(".thread")):
            names.add(f.node.value)
    return sorted(names)


def other_value(f, root):
    """A wrong value of the right kind, or None."""
    n, path = f.node, f.path
    if n.kind == "scalar":
        if f.kind in ("int", "intvalue") and re.fullmatch(r"-?\d+", n.raw):
            return str(int(n.raw) + 1)
        if f.kind == "sha":
            return ("1" if n.raw[0] != "1" else "2") + n.raw[1:]
        if path == "program":
            return "programs/nosuch.yaml"
        if path == "outcome.status":
            return "deadlock" if n.value == "ok" else "ok"
        if re.match(r"^schedule\[", path) or path.endswith(".thread"):
            others = [t for t in thread_names(root) if t != n.value]
            return others[0] if others else "nosuch"
        if path.endswith(".waiting_for"):
            return "lock zz"
        return '"tampered"'
    if n.kind == "map" and f.kind == "intvalue":  # {x: 1} -> {x: 1, zz: 1} is the unknown-key case
        return None
    if n.kind == "seq" and f.kind == "intvalue":  # final: {l: [0, 1]}
        return "[" + ", ".join(str(int(e.raw) + 1) for e in n.items) + "]" if n.items else "[1]"
    return None


def same(f, new):
    """The altered text means what the original did (so proves nothing)."""
    n = f.node
    if new == n.raw:
        return True
    if n.kind != "scalar":
        return False
    if f.kind in ("int", "intvalue"):
        return not n.quoted and re.fullmatch(r"-?\d+", new) and re.fullmatch(r"-?\d+", n.raw) \
            and int(new) == int(n.raw)
    if f.kind == "str":
        dec = new[1:-1].encode().decode("unicode_escape") if new.startswith('"') else new
        return dec == n.value
    return False


def removal_span(text, f):
    """The text to cut to remove f from its container: (start, end)."""
    n, p = f.node, f.parent
    start = f.key.start if f.key else n.start
    if not f.ancestors:  # a top-level "key: value" line (or lines, for steps:)
        ls = text.rfind("\n", 0, start) + 1
        end = n.end if n.block else text.index("\n", n.end) + 1
        return ls, end
    if p.block:  # a "- {...}" line
        return n.start - 2, text.index("\n", n.end) + 1
    # an element of a flow collection: with the comma after it, else before it
    j = n.end
    while text[j] == " ":
        j += 1
    if text[j] == ",":
        j += 1
        while text[j] == " ":
            j += 1
        return start, j
    i = start
    while text[i - 1] == " ":
        i -= 1
    if text[i - 1] == ",":
        return i - 1, n.end
    return start, n.end


class Case:
    """One altered trace: what was done, the text, the field (None for the
    whole file), kind ('alter', 'remove', 'extra', 'file', 'untouched'),
    where added keys and values start (for 'extra'), and whether it must reproduce."""

    def __init__(self, desc, text, f, kind, at=(), reproduces=False):
        self.desc, self.text, self.f, self.kind = desc, text, f, kind
        self.reproduces = reproduces
        # offsets of what was added -> LINE:COL in the altered text
        self.at = {"%d:%d" % (text.count("\n", 0, a) + 1, a - text.rfind("\n", 0, a)) for a in at}


def variants(text, root, every):
    """The Cases of one trace. every: every alteration of every field;
    otherwise (another trace of the same shape) each field's wrong value,
    its removal and the additions."""
    out = []
    for f in fields(root):
        n = f.node
        cands = []
        ov = other_value(f, root)
        if ov is not None:
            cands.append(("wrong value", ov))
        if every and n.kind == "scalar":
            # the value itself, then a NUL: a reader that stops at the NUL sees the original
            esc = n.value.replace("\\", "\\\\").replace('"', '\\"')
            cands.append(("NUL byte after the value", '"' + esc + '\\0tampered"'))
        if every:
            cands += GENERIC if n.kind == "scalar" else [
                ("wrong type: scalar", "abc"), ("wrong type: integer", "7"), ("null", "~"),
                ("empty string", '""'),
                ("empty", "{}" if n.kind == "map" else "[]"),
                ("wrong type: " + ("sequence" if n.kind == "map" else "mapping"),
                 "[1]" if n.kind == "map" else "{a: 1}"),
            ]
        seen = set()
        for desc, new in cands:
            if new in seen or same(f, new):
                continue
            seen.add(new)
            if n.block:  # steps: written as a block; the replacement goes on its key's line
                a = text[:n.start - 1] + " " + new + "\n" + text[n.end:]
            else:
                a = text[:n.start] + new + text[n.end:]
            # no steps, written as null or [], is what a trace without steps: says
            ok = f.path == "steps" and new in ("~", "[]")
            out.append(Case("%s: %s" % (f.path, desc), a, f, "alter", reproduces=ok))
        s, e = removal_span(text, f)
        out.append(Case("%s: removed" % f.path, text[:s] + text[e:], f, "remove",
                        reproduces=bool(OPTIONAL.match(f.path))))
        if n.kind == "map" and not n.block:
            ins = n.end - 1
            sep = ", " if n.items else ""
            out.append(Case("%s: unknown key" % f.path, text[:ins] + sep + "zz_unknown: 1" + text[ins:],
                            f, "extra", at=(ins + len(sep),)))
        if n.kind == "map" and (re.fullmatch(r"steps\[\d+\]", f.path) or f.path == "outcome"):
            # the optional keys it lacks, with a plausible value and a wrong type
            absent = [(k, v) for k, v in ADDED[f.path.split("[")[0]] if k not in {x.value for x, _ in n.items}]
            for k, v in absent:
                for desc, val in (("added", v), ("added with a wrong type", "7")):
                    ins = n.end - 1
                    out.append(Case("%s.%s: %s" % (f.path, k, desc),
                                    text[:ins] + ", %s: %s" % (k, val) + text[ins:], f, "extra",
                                    at=(ins + 2, ins + 4 + len(k))))
        if n.kind == "seq" and not n.block and n.items:
            last = n.items[-1]
            ins = n.end - 1
            out.append(Case("%s: last element twice" % f.path,
                            text[:ins] + ", " + last.raw + text[ins:], f, "extra", at=(ins + 2,)))
        if n.kind == "seq" and n.block and n.items:
            last = n.items[-1]
            out.append(Case("%s: last step twice" % f.path,
                            text[:n.end] + "- " + last.raw + "\n" + text[n.end:], f, "extra",
                            at=(n.end + 2,)))
    # whole-file cases
    out.append(Case("file: empty", "", None, "file"))
    out.append(Case("file: truncated", text[:len(text) // 2], None, "file"))
    out.append(Case("file: a key twice", text + text.split("\n")[0] + "\n", None, "file"))
    out.append(Case("file: unknown top-level key", text + "zz_unknown: 1\n", None, "file"))
    return out


# ---- running and judging ----------------------------------------------------------

ERR = re.compile(r"^(.*?):(\d+):(\d+): error: (.*)$")


def accept_words(f):
    """Words whose presence in the message names the field: its key, and for
    a schedule entry or anything in a step, `step N`."""
    if f is None:
        return []
    words = [f.key.value] if f.key is not None else []
    m = re.match(r"^schedule\[(\d+)\]", f.path)
    if m:
        words += ["schedule", "step %d" % (int(m.group(1)) + 1)]
    if f.path.startswith("steps["):
        step_node = ([f.node] + f.ancestors)[-2]  # the item of the steps: sequence
        for k, v in step_node.items if step_node.kind == "map" else []:
            if k.value == "step":
                words.append("step %s" % v.raw)
    m = re.match(r"^outcome\.(\w+)", f.path)
    if m:
        words.append(m.group(1))
    if f.path == "print":
        # python.md F3: the mode decides the steps, so a trace without it (of a
        # program whose prints are atomic) diverges at the first step that differs
        words.append("step")
    return words


def judge(c, rc, out, err, path):
    """None when the replay did what it must with case c, else why not."""
    f = c.f
    if rc < 0:
        return "killed by signal %d" % -rc
    if "Sanitizer" in err or "runtime error:" in err:
        return "sanitizer report: " + next((l for l in err.splitlines() if "ERROR" in l or "runtime error" in l), "")
    if c.reproduces:
        if rc != 0 or "reproduced:" not in out:
            return "exit %d, want 0 (reproduced): %s" % (rc, err[:200])
        return None
    if rc not in (1, 2):
        return "exit %d, want 1 or 2" % rc
    if rc == 2 and out:
        return "exit 2 with output on stdout"
    m = next((ERR.match(l) for l in err.splitlines() if ERR.match(l) and ERR.match(l).group(1) == path), None)
    if not m:
        return "no %s:LINE:COL: error: line on stderr: %r" % (path, err[:200])
    if f is None:
        return None
    where, msg = "%s:%s" % (m.group(2), m.group(3)), m.group(4)
    positions = {f.node.pos()} | {a.pos() for a in f.ancestors}
    if f.key is not None:
        positions.add(f.key.pos())
    positions |= c.at
    if where in positions:
        return None
    words = accept_words(f)
    for w in words:
        if re.search(r"(^|[^\w])" + re.escape(w) + r"($|[^\w])", msg):
            return None
    return "the message does not name %s (at %s; want one of %s or the words %s): %s" % (
        f.path, where, sorted(positions), words, msg)


def run_case(binary, c, path):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(c.text)
    try:
        p = subprocess.run([binary, "replay", "--color=never", path], capture_output=True,
                           timeout=20, env=dict(os.environ, ASAN_OPTIONS="detect_leaks=1"))
    except subprocess.TimeoutExpired:
        return "timed out"
    except OSError as e:
        return "cannot run %s: %s" % (binary, e)
    finally:
        os.unlink(path)
    return judge(c, p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"),
                 path)


def main(argv):
    verbose = "-v" in argv
    bins = [a for a in argv if a != "-v"]
    if not bins:
        print("usage: tamper.py [-v] BINARY...", file=sys.stderr)
        return 2
    traces = sorted(os.path.join(d, f) for d, _, fs in os.walk("traces") for f in fs if f.endswith(".yaml"))
    if not traces:
        print("tamper: no traces under traces/", file=sys.stderr)
        return 1
    jobs, fails, dirs = [], [], set()
    for t in traces:
        text = open(t, encoding="utf-8").read()
        try:
            root = Reader(text).top()
        except (ValueError, IndexError) as e:
            fails.append("%s: cannot read it for tampering: %s" % (t, e))
            continue
        # the untouched copy must reproduce, or every case below proves nothing;
        # the first trace of each directory gets every alteration of every field
        full = os.path.dirname(t) not in dirs
        dirs.add(os.path.dirname(t))
        jobs.append((t, full, Case("untouched", text, None, "untouched", reproduces=True)))
        for c in variants(text, root, full):
            jobs.append((t, full, c))
    # the first binary replays every case; the others (sanitizer builds, ten
    # times slower to start) those of the every-alteration traces
    tmp = tempfile.mkdtemp(prefix="il-tamper.")
    work = [(b, t, c, os.path.join(tmp, "c%d-%d.yaml" % (bi, i)))
            for bi, b in enumerate(bins) for i, (t, full, c) in enumerate(jobs) if bi == 0 or full]

    def one(w):
        b, t, c, path = w
        r = run_case(b, c, path)
        return None if r is None else "%s (%s) %s: %s" % (t, b, c.desc, r)

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        for r in ex.map(one, work):
            if r:
                fails.append(r)
    os.rmdir(tmp)
    for f in fails if verbose else fails[:40]:
        print("FAIL tamper:", f[:600])
    if len(fails) > 40 and not verbose:
        print("... and %d more (-v shows all)" % (len(fails) - 40))
    print("tamper: %d altered traces from %d traces, %d replays by %d binaries: %d passed, %d failed"
          % (len(jobs), len(traces), len(work), len(bins), len(work) - len(fails), len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
