#!/usr/bin/env python3
"""Races under symmetry against races without it (issue 13, item 2).

    python3 tests/race_sym.py BINARY FILES_OR_DIRS... [--random COUNT --seed S]

For each program: `BINARY explore --json --traces DIR P` (the defaults:
symmetry on where the program has interchangeable threads) against
`BINARY explore --json --no-symmetry P`.  Everything but the statistics and
the trace files must be equal: the total, every outcome with its count, the
deadlocks, the errors, and the races as a set of (location, unordered pair
of (thread, line, access)).  Then every race trace of the default run must
replay (`BINARY replay`, exit 0 or 1) and show both accesses: a step of each
thread at its line that reads or writes the location as the race says.
`--no-counts` (the reduction; the race pass then keeps canonical states of
its own) must give the same races and the same set of outcomes.

Programs on which either run does not complete are skipped.  One line per
program, then `N passed (M under symmetry), N failed, N skipped`; exit 1 if
any failed, or if none ran under symmetry.  --random generates COUNT
programs with `tests/gen_programs.py --shape symmetric` into --out."""
import argparse, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from race_compare import collect  # noqa: E402  (the same walk of files and directories)


def explore(binary, path, *extra):
    p = subprocess.run([binary, "explore", "--json", "--max-seconds", "60", *extra, path],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return None, f"exit {p.returncode}: {(p.stderr.strip().splitlines() or [''])[0]}"
    j = json.loads(p.stdout)
    if not j.get("complete"):
        return None, "incomplete"
    return j, None


def race_key(r):
    a = (r["first"]["thread"], r["first"]["line"], r["first"]["access"])
    b = (r["second"]["thread"], r["second"]["line"], r["second"]["access"])
    return (r["location"], tuple(sorted((a, b))))


def strip(j):
    """The report without what may differ: statistics, trace paths."""
    out = {k: v for k, v in j.items() if k not in ("stats", "races")}
    for k in ("outcomes", "deadlocks", "errors"):
        out[k] = sorted(json.dumps({f: v for f, v in e.items() if f != "trace"}, sort_keys=True)
                        for e in j.get(k, []))
    out["races"] = sorted(map(race_key, j["races"]))
    return out


def step_has(step, thread, line, access, loc):
    if step.get("thread") != thread or step.get("line") != line:
        return False
    return loc in (step.get("reads" if access == "read" else "writes") or {})


def check_trace(binary, r):
    """The race's trace replays and makes both accesses."""
    path = r["trace"]
    p = subprocess.run([binary, "replay", path], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return f"replay {path}: exit {p.returncode}: {p.stderr.strip()[:200]}"
    import yaml  # python3-yaml, installed by make deps
    with open(path) as f:
        t = yaml.safe_load(f)
    steps = t.get("steps") or []
    f, s = r["first"], r["second"]
    ia = [i for i, st in enumerate(steps) if step_has(st, f["thread"], f["line"], f["access"], r["location"])]
    ib = [i for i, st in enumerate(steps) if step_has(st, s["thread"], s["line"], s["access"], r["location"])]
    if not ia or not ib:
        return f"{path}: the trace lacks {'the first' if not ia else 'the second'} access of {race_key(r)}"
    return None


def compare(binary, path):
    tmp = tempfile.mkdtemp(prefix="race-sym-")
    try:
        d, why = explore(binary, path, "--traces", tmp)
        if d is None:
            return "skip", f"default: {why}", False
        n, why = explore(binary, path, "--no-symmetry")
        if n is None:
            return "skip", f"--no-symmetry: {why}", False
        sym = "symmetry" in d["stats"]["mode"]
        a, b = strip(d), strip(n)
        for k in a:
            if a[k] != b[k]:
                return "FAIL", f"{k} differ: default {str(a[k])[:300]} / --no-symmetry {str(b[k])[:300]}", sym
        # --no-counts: the race pass over canonical states of its own
        # (the reduced graph is not every state), same races and outcomes
        c, why = explore(binary, path, "--no-counts")
        if c is None:
            return "skip", f"--no-counts: {why}", False
        if sorted(map(race_key, c["races"])) != b["races"]:
            return "FAIL", f"--no-counts races differ: {sorted(map(race_key, c['races']))[:20]}", sym
        oset = lambda j: sorted(json.dumps({f: v for f, v in o.items() if f not in ("trace", "interleavings", "percent")},
                                           sort_keys=True) for o in j["outcomes"])
        if oset(c) != oset(n):
            return "FAIL", "--no-counts outcomes differ", sym
        for r in d["races"]:
            err = check_trace(binary, r)
            if err:
                return "FAIL", err, sym
        return "ok", f"{len(d['races'])} races, mode {d['stats']['mode']}", sym
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--random", type=int, default=0, metavar="COUNT")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="build/race-sym-programs")
    a = ap.parse_args()
    files = collect(a.paths)
    if a.random:
        out = os.path.join(a.out, f"symmetric-{a.seed}")
        shutil.rmtree(out, ignore_errors=True)
        p = subprocess.run([sys.executable, os.path.join(HERE, "gen_programs.py"), "--seed",
                            str(a.seed), "--count", str(a.random), "--out", out, "--binary",
                            a.binary, "--max-states", "20000", "--max-seconds", "2",
                            "--shape", "symmetric"], capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stdout + p.stderr, file=sys.stderr)
            sys.exit(2)
        files += collect([out])
    passed = failed = skipped = under_sym = 0
    for f in files:
        verdict, what, sym = compare(a.binary, f)
        print(f"{verdict:4} {f}: {what}")
        if verdict == "ok":
            passed += 1
            under_sym += sym
        elif verdict == "FAIL":
            failed += 1
        else:
            skipped += 1
    print(f"{passed} passed ({under_sym} under symmetry), {failed} failed, {skipped} skipped")
    sys.exit(1 if failed or not under_sym else 0)


if __name__ == "__main__":
    main()
