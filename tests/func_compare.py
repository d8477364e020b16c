#!/usr/bin/env python3
"""Compares interleave on Python files with functions against the brute force
of tests/py_brute.py (issue 15, python.md P1).

    python3 tests/func_compare.py BINARY FILES_OR_DIRS... [-v]
    python3 tests/func_compare.py BINARY --random COUNT --seed S [--out DIR]

For each program, four runs of `BINARY explore --json`: the default, with
`--no-symmetry`, with `--no-counts` and with both.  The default and
--no-symmetry runs must equal the brute force exactly: every outcome
(status, output, final, errors) with its interleaving count, the total, the
set of deadlocks (each as its list of blocked (thread, line, waiting_for)),
the set of errors (thread, line, kind) and the set of races (location,
unordered pair of (thread, line, access), D23).  The --no-counts runs must
give the same sets of outcomes, deadlocks, errors and races (their counts are
not compared).  Races are compared under the reading of --race-lines
(tests/py_brute.py: `step`, an access has the line of the statement its step
began in, what the engine reports today; `access`, the line of the statement
that makes it); the other reading's differences are counted and listed with
-v, not failed.  A program with a cycle is compared as race_compare.py does:
outcomes, deadlocks and errors as sets, races one way (each race the brute
force finds must be reported).

Programs the brute force does not model or that exceed its caps, and
programs the tool refuses or does not finish, are skipped and counted.  One
line per program, then `N passed, N failed, N skipped`; exit 1 if any failed
or none was compared.  --hand also compares the hand-counted programs of
`py_brute.py --self-test` (whose counts that self-test checks) and its
EDGE_TESTS; --random writes COUNT programs with `tests/gen_programs.py
--shape functions` into DIR (default build/func-programs) and compares them; a
generated program the engine refuses (exit 2) is a failure.

    python3 tests/func_compare.py BINARY --shape classes --random COUNT --seed S
    python3 tests/func_compare.py BINARY --hand-classes

The classes subset (docs/classes-rules.md: classes, logging, string
constants, the executor in main): --shape classes generates with
`gen_programs.py --shape classes` (kept when the brute force finishes them,
at most --cap interleavings, default 20000 here) into DIR/class-S;
--hand-classes compares py_brute.py's CLASS_TESTS (written to
DIR/hand-classes) and the edge programs of tests/functions/classes/.  For
these programs nothing is skipped: a refusal (load error), a crash or an
unfinished run of any of the four runs is a FAIL of that program, with the
engine's first error line, and so is a program the brute force does not
model or finish; finals are compared as
mappings (the order of attributes in `final` is not part of an outcome).  A
file may raise the brute force's caps for itself with a line
`# py_brute: cap=N` (the notes' FakeDatabase, 260432 interleavings)."""
import argparse, json, os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import py_brute  # noqa: E402
from race_compare import tool_races, okey, show_race  # noqa: E402

MODES = [("default", []), ("no-symmetry", ["--no-symmetry"]),
         ("no-counts", ["--no-counts"]), ("no-symmetry no-counts", ["--no-symmetry", "--no-counts"])]


def tool_report(binary, path, flags):
    p = subprocess.run([binary, "explore", "--json", "--max-seconds", "60", path] + flags,
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        first = p.stderr.strip().splitlines()[0] if p.stderr.strip() else ""
        return None, f"tool exit {p.returncode}: {first}"
    try:
        j = json.loads(p.stdout)
    except ValueError:
        return None, "tool: unparsable JSON"
    if not j.get("complete"):
        return None, "tool: incomplete"
    return j, None


def tool_deadlocks(j):
    return {tuple((b["thread"], b["line"], b["waiting_for"]) for b in d["blocked"])
            for d in j["deadlocks"]}


def tool_errors(j):
    return {(e["thread"], e["line"], e["kind"]) for e in j["errors"]}


def show_deadlock(d):
    return ", ".join(f"{t} at {ln} waits for {w}" for t, ln, w in d) or "(nobody blocked)"


def compare_sets(details, what, tool, brute, show=str, one_way=False):
    for x in sorted(brute - tool, key=show):
        details.append(f"{what} missing in tool: {show(x)}")
    if not one_way:
        for x in sorted(tool - brute, key=show):
            details.append(f"{what} extra in tool: {show(x)}")


def file_cap(path):
    """A `# py_brute: cap=N` line: N, else None."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("# py_brute: cap="):
                    return int(line.split("=", 1)[1])
    except (OSError, ValueError):
        pass
    return None


def okey_map(o):
    """An outcome's identity with its final as a mapping."""
    return (o["status"], tuple(o["output"]), json.dumps(o["final"], sort_keys=True),
            tuple(o.get("errors", [])))


def compare(binary, path, cap, node_cap, max_seconds, modes=MODES, race_lines="step",
            strict=False):
    """(verdict, message, details): verdict 'ok', 'FAIL' or 'skip'.  strict:
    the engine must run the program (its refusal is a FAIL), finals are
    compared as mappings."""
    okey_ = okey_map if strict else okey
    reports = {}
    for name, flags in modes:
        j, why = tool_report(binary, path, flags)
        if j is None:
            return ("FAIL" if strict else "skip"), f"{name}: {why}", []
        reports[name] = j
    big = file_cap(path)
    if big:
        cap, node_cap, max_seconds = big, big * 10, max(max_seconds, big / 1000)
    try:
        b = py_brute.explore(path, cap=cap, node_cap=node_cap, max_seconds=max_seconds)
    except RecursionError:
        return "skip", "brute force: too deep", []
    except Exception as e:  # a bug of the checker: never hidden
        import traceback
        return "FAIL", f"brute force crashed: {type(e).__name__}: {e}", \
            traceback.format_exc().splitlines()[-4:]
    if b["status"] != "ok":
        return ("FAIL" if strict else "skip"), "brute force: " + (b.get("why") or b["status"]), []
    inf = b["infinite"]
    bout = {okey_(o): o["interleavings"] for o in b["outcomes"]}
    details, notes = [], []
    main_races, other_races = (b["step_races"], b["races"]) if race_lines == "step" else \
        (b["races"], b["step_races"])
    other = "access" if race_lines == "step" else "step"
    compare_sets(notes, f"race (--race-lines {other})", tool_races(reports["default"]),
                 other_races, show_race, one_way=inf)
    for name, j in reports.items():
        counted = "no-counts" not in name
        d = []
        compare_sets(d, "race", tool_races(j), main_races, show_race, one_way=inf)
        compare_sets(d, "deadlock", tool_deadlocks(j), b["deadlocks"], show_deadlock)
        compare_sets(d, "error", tool_errors(j), b["errors"])
        tout = {okey_(o): o["interleavings"] for o in j["outcomes"]}
        compare_sets(d, "outcome", set(tout), set(bout))
        if counted:
            tinf = j["interleavings"] == "infinite"
            if tinf != inf:
                d.append(f"interleavings: tool {j['interleavings']}, brute force "
                         f"{'infinite' if inf else b['interleavings']}")
            elif not inf:
                for k in sorted(set(tout) & set(bout)):
                    if str(bout[k]) != tout[k]:
                        d.append(f"outcome {k}: tool {tout[k]} interleavings, "
                                 f"brute force {bout[k]}")
                if j["interleavings"] != str(b["interleavings"]):
                    d.append(f"interleavings: tool {j['interleavings']}, "
                             f"brute force {b['interleavings']}")
        details += [f"[{name}] {x}" for x in d]
    what = (f"{'infinite' if inf else b['interleavings']} interleavings, "
            f"{len(bout)} outcomes, {len(b['races'])} races, {len(b['deadlocks'])} deadlocks, "
            f"{len(b['errors'])} errors")
    if details:
        return "FAIL", what, details + notes
    return "ok", what, notes


def collect(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            for root, _, names in sorted(os.walk(a)):
                if os.path.basename(root) == "rejected":
                    continue
                files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".py")]
        else:
            files.append(a)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--random", type=int, default=0, metavar="COUNT")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="build/func-programs")
    ap.add_argument("--cap", type=int, default=None,
                    help="most interleavings the brute force runs (5000; 20000 for classes)")
    ap.add_argument("--node-cap", type=int, default=None, help="60000; 400000 for classes")
    ap.add_argument("--max-seconds", type=float, default=None,
                    help="brute force time per program before it is skipped (10; 60 for classes)")
    ap.add_argument("--hand", action="store_true",
                    help="also py_brute.py's hand-counted and edge programs (into DIR/hand)")
    ap.add_argument("--shape", choices=["functions", "classes"], default="functions",
                    help="what --random generates (gen_programs.py --shape)")
    ap.add_argument("--hand-classes", action="store_true",
                    help="also py_brute.py's CLASS_TESTS (into DIR/hand-classes) and "
                         "tests/functions/classes/*.py")
    ap.add_argument("--race-lines", choices=["step", "access"], default="step",
                    help="which line an access in the rest of a calling statement has")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="a line per program, and the other race reading's differences")
    a = ap.parse_args()
    classes = a.shape == "classes" or a.hand_classes
    if a.cap is None:
        a.cap = 20000 if classes else 5000
    if a.node_cap is None:
        a.node_cap = 400000 if classes else 60000
    if a.max_seconds is None:
        a.max_seconds = 60 if classes else 10
    files = collect(a.paths)
    strict = set()          # the classes programs: the engine must run them
    refused = 0
    if a.hand_classes:
        out = os.path.join(a.out, "hand-classes")
        os.makedirs(out, exist_ok=True)
        for k, test in enumerate(py_brute.CLASS_TESTS):
            p = os.path.join(out, f"class-hand-{k:02d}.py")
            with open(p, "w") as f:
                f.write(test[1])
            files.append(p)
            strict.add(p)
        edges = collect([os.path.join(HERE, "functions", "classes")])
        files += edges
        strict |= set(edges)
    if a.hand:
        out = os.path.join(a.out, "hand")
        os.makedirs(out, exist_ok=True)
        for k, test in enumerate(py_brute.COUNT_TESTS):
            p = os.path.join(out, f"hand-{k:02d}.py")
            with open(p, "w") as f:
                f.write(test[1])
            files.append(p)
        for k, test in enumerate(py_brute.EDGE_TESTS):
            p = os.path.join(out, f"edge-{k:02d}.py")
            with open(p, "w") as f:
                f.write(test[1])
            files.append(p)
    if a.random:
        out = os.path.join(a.out, f"{'class' if a.shape == 'classes' else 'func'}-{a.seed}")
        subprocess.run(["rm", "-rf", out], check=True)
        cmd = [sys.executable, os.path.join(HERE, "gen_programs.py"), "--shape", a.shape,
               "--seed", str(a.seed), "--count", str(a.random), "--out", out,
               "--binary", a.binary, "--max-states", "5000",
               "--max-seconds", "5" if a.shape == "classes" else "2",
               "--max-interleavings", str(a.cap)]
        p = subprocess.run(cmd, capture_output=True, text=True)
        print(p.stdout.strip())
        if p.returncode != 0:
            print(p.stderr, file=sys.stderr)
            sys.exit(2)
        with open(os.path.join(out, "summary.json")) as f:
            summ = json.load(f)
        # every generated program is in the documented subset: a refusal
        # (exit 2) or an odd exit is a finding, not a skip
        if summ["refused"] or summ["odd_exits"]:
            who = "the brute force did not model" if a.shape == "classes" else "the engine refused"
            print(f"FAIL {who} {summ['refused']} generated programs "
                  f"(odd exits: {summ['odd_exits']}); see {out}/summary.json")
            refused = 1
        gen = collect([out])
        files += gen
        if a.shape == "classes":
            strict |= set(gen)
    if not files:
        print("func_compare: no programs", file=sys.stderr)
        sys.exit(2)
    passed = failed = skipped = 0
    why_skipped = {}
    other_reading = 0
    for f in files:
        t0 = time.monotonic()
        verdict, what, details = compare(a.binary, f, a.cap, a.node_cap, a.max_seconds,
                                         race_lines=a.race_lines, strict=f in strict)
        if verdict == "ok" and details:
            other_reading += 1
        if verdict != "ok" or a.verbose:
            print(f"{verdict:4} {f}: {what} ({time.monotonic() - t0:.2f} s)")
            for d in details:
                print("       " + d)
        if verdict == "ok":
            passed += 1
        elif verdict == "FAIL":
            failed += 1
        else:
            skipped += 1
            why_skipped[what] = why_skipped.get(what, 0) + 1
        sys.stdout.flush()
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    print(f"  {other_reading} passed ones differ in races under the other --race-lines reading")
    for w, n in sorted(why_skipped.items(), key=lambda x: -x[1]):
        print(f"  skipped {n}x: {w}")
    if not passed and not failed:
        print("func_compare: nothing was compared", file=sys.stderr)
        sys.exit(1)
    sys.exit(1 if failed or refused else 0)


if __name__ == "__main__":
    main()
