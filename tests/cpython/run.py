#!/usr/bin/env python3
"""tests/cpython/run.py - every outcome CPython shows is one the tool reaches.

    python3 tests/cpython/run.py [options] [FILE.py | DIR]...   (default: programs/)

For each program: its source with `time.sleep(0)` between the statements of
every block (an AST transform, line numbers kept, `time` imported under a
private alias), run N times in fresh `python3 -I -S` processes (the interpreter running this) (2 at a time) by
tests/cpython/child.py with sys.setswitchinterval(1e-6). The outcome of a run
is its status, its stdout lines, the final values of the module variables
that the tool's report has in `final`, and the uncaught exceptions
("t1: AssertionError at line 10", as the tool writes them). Status: ok, error
(an exception reached threading.excepthook or ended main), deadlock (no thread
moved for --stall seconds, none in a timed wait, non-daemon threads alive:
child.py), or timeout (still running after --timeout seconds: never an
outcome of the tool). Then `INTERLEAVE explore FILE --json --print=cpython`
(or --tool-json REPORT, a recorded report) and each CPython outcome must be
one of the tool's (prints as CPython's, python.md F3: a print's text and its
end are written in steps of their own, so a torn line CPython can print is
an outcome of the tool too; --print atomic for the default): the same status, output and errors, and the same final on every
variable both have (compared as Python values: True == 1).

Per program one line: runs, distinct CPython outcomes, the tool's outcomes,
and how many of those CPython reached (its coverage); then a FAIL line for
each CPython outcome the tool does not reach, or KNOWN when an entry of the
allow-list (--known, default tests/cpython/known.txt) matches it. Exit 0
when nothing failed, 1 on a miss, 2 on bad usage or a broken run.
"""
import argparse
import ast
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ALIAS = "_interleave_cpython_time"  # the transform's own name for `time`


# --------------------------------------------------------------- the transform

def _sleep(at):
    """`ALIAS.sleep(0)` at the position of statement `at`."""
    call = ast.Expr(ast.Call(ast.Attribute(ast.Name(ALIAS, ast.Load()), "sleep", ast.Load()),
                             [ast.Constant(0)], []))
    return ast.copy_location(call, at)


def _leading(body, docstring):
    """How many statements open the block and must stay first: a docstring,
    `from __future__` imports."""
    n = 0
    if docstring and body and isinstance(body[0], ast.Expr) \
            and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        n = 1
    while n < len(body) and isinstance(body[n], ast.ImportFrom) and body[n].module == "__future__":
        n += 1
    return n


class Sleeper(ast.NodeTransformer):
    """A sleep(0) before every statement of every block (so between any two,
    and at the start of each function, loop and branch body), except before
    a docstring or a __future__ import."""

    def generic_visit(self, node):
        super().generic_visit(node)
        docs = isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        for field, value in ast.iter_fields(node):
            if isinstance(value, list) and value and all(isinstance(s, ast.stmt) for s in value):
                keep = _leading(value, docs)
                out = value[:keep]
                for s in value[keep:]:
                    out.append(_sleep(s))
                    out.append(s)
                setattr(node, field, out)
        return node


def transform(source, filename):
    """The program with the sleeps, as source text whose every original
    statement keeps its line (the inserted lines carry the next statement's
    line), and the lines that hold a call that waits with a timeout or
    sleeps (child.py does not call such a pause a deadlock)."""
    tree = ast.parse(source, filename)
    timed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _timed_call(node):
            timed.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    tree = Sleeper().visit(tree)
    keep = _leading(tree.body, True)
    imp = ast.copy_location(ast.Import([ast.alias("time", ALIAS)]),
                            tree.body[keep] if keep < len(tree.body) else tree)
    tree.body.insert(keep, imp)
    ast.fix_missing_locations(tree)
    return tree, sorted(timed)


def _timed_call(call):
    """sleep(x), and a blocking call given a timeout: by keyword, or as the
    positional argument that is the timeout for the threading and queue
    methods of that name."""
    f = call.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    if name == "sleep":
        return True
    if any(k.arg == "timeout" for k in call.keywords):
        return True
    positional = {"acquire": 2, "wait": 1, "join": 1, "get": 2, "put": 3, "wait_for": 2}
    return name in positional and len(call.args) >= positional[name]


# ------------------------------------------------------------------ the runs

def run_once(args, tree_file, program, names, timed):
    """One CPython run: (outcome, detail) where outcome is a hashable key,
    or (None, message) when the run broke (no report from child.py)."""
    fd, side = tempfile.mkstemp(prefix="il-cpython-", suffix=".json")
    os.close(fd)
    os.unlink(side)
    cmd = [sys.executable, "-I", "-S", os.path.join(HERE, "child.py"), tree_file, program, side,
           ",".join(names), ",".join(map(str, timed)), str(args.stall), str(args.timeout)]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=args.timeout + 30)
        out, err, rc = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:  # child.py's own watchdog did not end it
        out, err, rc = e.stdout or b"", e.stderr or b"", "killed"
    try:
        with open(side) as f:
            rep = ast.literal_eval(f.read())
        os.unlink(side)
    except (OSError, ValueError, SyntaxError):
        return None, "no report from the run (exit %s): %s" % (
            rc, err.decode(errors="replace")[-400:].strip())
    text = out.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    status = {"ended": "error" if rep["errors"] else "ok",
              "deadlock": "deadlock", "timeout": "timeout"}[rep["status"]]
    final = {k: freeze(v) for k, v in rep["final"].items()}
    key = (status, tuple(lines), tuple(sorted(final.items())), tuple(sorted(rep["errors"])))
    return key, rep["alive"]


def freeze(v):
    return tuple(freeze(x) for x in v) if isinstance(v, list) else v


def render(key):
    status, output, final, errors = key
    s = "status=%s output=%s final={%s}" % (
        status, json.dumps(list(output)),
        ", ".join("%s: %s" % (k, json.dumps(_thaw(v))) for k, v in final))
    if errors:
        s += " errors=%s" % json.dumps(list(errors))
    return s


def _thaw(v):
    return [_thaw(x) for x in v] if isinstance(v, tuple) else v


def tool_outcomes(report):
    """The tool's outcomes as (status, output, final dict, sorted errors)."""
    res = []
    for o in report["outcomes"]:
        res.append((o["status"], tuple(o["output"]),
                    {k: freeze(v) for k, v in o["final"].items()},
                    tuple(sorted(o.get("errors", [])))))
    return res


def reaches(tool, key):
    """The tool's outcomes that are this CPython outcome."""
    status, output, final, errors = key
    hits = []
    for i, (ts, to, tf, te) in enumerate(tool):
        if ts == status and to == output and te == errors \
                and all(tf[k] == v for k, v in final if k in tf):
            hits.append(i)
    return hits


# ---------------------------------------------------------- the allow-list

def read_known(path):
    """known.txt: `PROGRAM | RULE | REGEX | REASON` a line (# comments). A
    miss of PROGRAM (its file name) whose rendering (as in FAIL lines)
    matches REGEX is reported KNOWN, waiting for python.md's RULE."""
    entries = []
    if not path:
        return entries
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.rstrip("\n").split(" | ")]
            if len(parts) != 4 or not all(parts):
                _bad("%s:%d:1: error: want 'PROGRAM | RULE | REGEX | REASON'" % (path, n))
            try:
                rx = re.compile(parts[2])
            except re.error as e:
                _bad("%s:%d:1: error: bad regex: %s" % (path, n, e))
            entries.append({"program": parts[0], "rule": parts[1], "regex": rx,
                            "reason": parts[3], "line": n, "used": 0})
    return entries


def _bad(msg):
    print(msg, file=sys.stderr)
    sys.exit(2)


# -------------------------------------------------------------- one program

def check_program(args, path, known, pool):
    name = os.path.basename(path)
    if args.tool_json:
        with open(args.tool_json) as f:
            report = json.load(f)
    else:
        try:
            p = subprocess.run([args.interleave, "explore", path, "--json", "--print=" + args.print],
                               capture_output=True, text=True)
        except OSError as e:
            _bad("error: cannot run %s: %s" % (args.interleave, e.strerror))
        if p.returncode not in (0, 1, 3):
            print("FAIL %s: interleave explore exit %d: %s" % (path, p.returncode, p.stderr.strip()))
            return 1, None
        report = json.loads(p.stdout)
    tool = tool_outcomes(report)
    names = []
    for o in report["outcomes"]:
        for k in o["final"]:
            if k not in names:
                names.append(k)
    with open(path, encoding="utf-8-sig") as f:
        source = f.read()
    tree, timed = transform(source, path)
    # The code object, compiled here under the program's path (every line the
    # program's own) and marshalled for the children (the same interpreter).
    fd, code_file = tempfile.mkstemp(prefix="il-cpython-", suffix=".code")
    os.close(fd)
    _write_code(code_file, tree, path)
    t0 = time.monotonic()
    futures = [pool.submit(run_once, args, code_file, os.path.abspath(path), names, timed)
               for _ in range(args.n)]
    counts, alive, broken = {}, {}, []
    for fu in futures:
        key, detail = fu.result()
        if key is None:
            broken.append(detail)
            continue
        counts[key] = counts.get(key, 0) + 1
        alive.setdefault(key, detail)
    os.unlink(code_file)
    secs = time.monotonic() - t0
    covered = set()
    misses = []
    for key in sorted(counts, key=lambda k: (-counts[k], k)):
        hits = reaches(tool, key)
        covered.update(hits)
        if not hits:
            misses.append(key)
    partial = "" if report.get("complete", True) else " (the tool's report is partial: complete: false)"
    print("%s: %d runs, %d CPython outcomes, %d tool outcomes, CPython reached %d of them (%.0f%%), "
          "%d misses, %.1f s%s" % (path, args.n, len(counts), len(tool), len(covered),
                                   100.0 * len(covered) / len(tool) if tool else 0.0,
                                   len(misses), secs, partial))
    if args.verbose:
        for key in sorted(counts, key=lambda k: (-counts[k], k)):
            print("    %6d  %s  %s" % (counts[key], "reached" if key not in misses else "MISSING",
                                      render(key)))
    failed = 0
    for msg in broken[:3]:
        print("FAIL %s: a run broke: %s" % (path, msg))
    failed += len(broken)
    for key in misses:
        text = render(key)
        extra = ""
        if key[0] == "deadlock":
            extra = " (blocked: %s)" % ", ".join(alive[key]) if alive[key] else ""
        elif key[0] == "timeout":
            extra = " (still running after %g s: %s)" % (args.timeout, ", ".join(alive[key]))
        entry = next((e for e in known if e["program"] == name and e["regex"].search(text)), None)
        if entry:
            entry["used"] += 1
            print("KNOWN %s: %d of %d runs: %s%s -- %s (python.md %s; known.txt:%d)" % (
                path, counts[key], args.n, text, extra, entry["reason"], entry["rule"], entry["line"]))
        else:
            failed += 1
            print("FAIL %s: the tool does not reach this CPython outcome (%d of %d runs): %s%s" % (
                path, counts[key], args.n, text, extra))
    return failed, (path, args.n, len(counts), len(tool), len(covered), len(misses))


def _write_code(code_file, tree, path):
    import marshal
    with open(code_file, "wb") as f:
        marshal.dump(compile(tree, os.path.abspath(path), "exec"), f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", help="programs (.py) or directories of them")
    ap.add_argument("-n", type=int, default=30, help="CPython runs per program (default 30)")
    ap.add_argument("--interleave", default=os.path.join(ROOT, "interleave"))
    ap.add_argument("--tool-json", help="a recorded `explore --json` report to use instead")
    ap.add_argument("--print", choices=("cpython", "atomic"), default="cpython",
                    help="explore's --print= (default cpython: CPython's print, python.md F3)")
    ap.add_argument("--known", default=os.path.join(HERE, "known.txt"),
                    help="the allow-list (default tests/cpython/known.txt; '' for none)")
    ap.add_argument("--jobs", type=int, default=2, help="runs at a time (at most 2)")
    ap.add_argument("--stall", type=float, default=0.1,
                    help="seconds with no thread moving that make a deadlock (default 0.1)")
    ap.add_argument("--timeout", type=float, default=20.0,
                    help="seconds after which a run that still moves is a timeout (default 20)")
    ap.add_argument("--show", action="store_true",
                    help="print each program as transformed (ast.unparse: lines not kept) and stop")
    ap.add_argument("-v", "--verbose", action="store_true", help="every CPython outcome and its count")
    args = ap.parse_args()
    if args.n < 1 or not 1 <= args.jobs <= 2:
        ap.error("-n must be >= 1 and --jobs 1 or 2")
    files = []
    for p in args.paths or [os.path.join(ROOT, "programs")]:
        if os.path.isdir(p):
            files += sorted(os.path.relpath(os.path.join(p, f))
                            for f in os.listdir(p) if f.endswith(".py"))
        elif p.endswith(".py") and os.path.isfile(p):
            files.append(p)
        else:
            ap.error("%s: not a .py file or a directory" % p)
    if args.tool_json and len(files) != 1:
        ap.error("--tool-json goes with exactly one program")
    if args.show:
        for path in files:
            with open(path, encoding="utf-8-sig") as f:
                tree, timed = transform(f.read(), path)
            print("# %s (timed waits on lines %s)" % (path, timed))
            print(ast.unparse(tree))
        return 0
    known = read_known(args.known)
    failed = 0
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path in files:
            f, row = check_program(args, path, known, pool)
            failed += f
            if row:
                rows.append(row)
    used = sum(e["used"] for e in known)
    for e in known:
        if not e["used"] and any(os.path.basename(f) == e["program"] for f in files):
            print("known.txt:%d (%s, python.md %s) matched nothing in this run" % (
                e["line"], e["program"], e["rule"]))
    print("cpython: %d programs, %d runs each, %d misses failed, %d known (allow-list)%s" % (
        len(files), args.n, failed, used, "" if failed else ": every CPython outcome is reachable"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
