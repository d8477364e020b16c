#!/usr/bin/env python3
"""Compares interleave's races and outcomes with the brute force of
tests/race_brute.py (issue 13).

    python3 tests/race_compare.py BINARY FILES_OR_DIRS... [-v]
    python3 tests/race_compare.py BINARY --random COUNT --seed S [--shape mixed|handoff|symmetric|both|all]

For each program: `BINARY explore --json --max-seconds 60 P` against the
brute force.  Races are compared as sets of (location, unordered pair of
(thread, line, access)) (D23); outcomes as (status, output, final, errors)
with their interleaving counts, and the total count.  A program with a cycle
(the tool says `infinite`) is compared one way for races: each race the brute
force found is a real race and must be reported; races only the tool reports
are listed as unverified (the brute force's pruned search may not reach them),
not counted as a failure; outcomes are compared as a set.

Programs the brute force does not model (timers, executors) or that exceed
its caps, and programs the tool refuses or does not finish, are skipped and
counted.  One line per program, then `N passed, N failed, N skipped`; exit 1
if any failed or none was compared.  --random generates COUNT programs with tests/gen_programs.py
into build/race-programs/ (--shape both: half mixed, half handoff; all: a
third of each of the three shapes)."""
import argparse, json, os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import race_brute  # noqa: E402


def tool_report(binary, path):
    p = subprocess.run([binary, "explore", "--json", "--max-seconds", "60", path],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return None, f"tool exit {p.returncode}: {p.stderr.strip().splitlines()[0] if p.stderr.strip() else ''}"
    try:
        j = json.loads(p.stdout)
    except ValueError:
        return None, "tool: unparsable JSON"
    if not j.get("complete"):
        return None, "tool: incomplete"
    return j, None


def tool_races(j):
    out = set()
    for r in j["races"]:
        a = (r["first"]["thread"], r["first"]["line"], r["first"]["access"])
        b = (r["second"]["thread"], r["second"]["line"], r["second"]["access"])
        out.add((r["location"], frozenset((a, b))))
    return out


def okey(o):
    return (o["status"], tuple(o["output"]), json.dumps(o["final"]), tuple(o.get("errors", [])))


def show_race(r):
    loc, pair = r
    p = sorted(pair)
    if len(p) == 1:
        p = p * 2
    return f"{loc}: {p[0][0]}:{p[0][1]} {p[0][2]} / {p[1][0]}:{p[1][1]} {p[1][2]}"


def compare(binary, path, cap, node_cap, max_seconds):
    """(verdict, message, details): verdict 'ok', 'FAIL' or 'skip'."""
    j, why = tool_report(binary, path)
    if j is None:
        return "skip", why, []
    try:
        b = race_brute.explore(path, cap=cap, node_cap=node_cap, max_seconds=max_seconds)
    except RecursionError:
        return "skip", "brute force: too deep", []
    except Exception as e:  # a bug of the checker: never hidden
        import traceback
        return "FAIL", f"brute force crashed: {type(e).__name__}: {e}", \
            traceback.format_exc().splitlines()[-4:]
    if b["status"] != "ok":
        return "skip", "brute force: " + (b.get("why") or b["status"]), []
    details = []
    tr, br = tool_races(j), b["races"]
    missing, extra = br - tr, tr - br
    for r in sorted(missing, key=show_race):
        details.append("race missing in tool: " + show_race(r))
    unverified = []
    if b["infinite"]:
        unverified = [show_race(r) for r in sorted(extra, key=show_race)]
    else:
        for r in sorted(extra, key=show_race):
            details.append("race extra in tool: " + show_race(r))
    # outcomes
    tout = {okey(o): o["interleavings"] for o in j["outcomes"]}
    bout = {okey(o): o["interleavings"] for o in b["outcomes"]}
    infinite_tool = j["interleavings"] == "infinite"
    if infinite_tool != b["infinite"]:
        details.append(f"interleavings: tool {j['interleavings']}, brute force "
                       f"{'infinite' if b['infinite'] else b['interleavings']}")
    for k in sorted(set(tout) | set(bout)):
        if k not in tout:
            details.append(f"outcome missing in tool: {k}")
        elif k not in bout:
            details.append(f"outcome extra in tool: {k}")
        elif not b["infinite"] and str(bout[k]) != tout[k]:
            details.append(f"outcome {k}: tool {tout[k]} interleavings, brute force {bout[k]}")
    if not b["infinite"] and j["interleavings"] != str(b["interleavings"]) and not infinite_tool:
        details.append(f"interleavings: tool {j['interleavings']}, brute force {b['interleavings']}")
    what = (f"{'infinite' if b['infinite'] else b['interleavings']} interleavings, "
            f"{len(br)} races")
    if unverified:
        what += f", {len(unverified)} tool races unverified (cycle)"
    if details:
        return "FAIL", what, details
    return "ok", what, ["unverified tool race: " + u for u in unverified]


def collect(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            for root, _, names in sorted(os.walk(a)):
                if os.path.basename(root) == "rejected":
                    continue
                files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".yaml")]
        else:
            files.append(a)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--random", type=int, default=0, metavar="COUNT")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shape", choices=["mixed", "handoff", "symmetric", "both", "all"],
                    default="both")
    ap.add_argument("--out", default="build/race-programs")
    ap.add_argument("--cap", type=int, default=20000, help="most interleavings the brute force runs")
    ap.add_argument("--node-cap", type=int, default=200000)
    ap.add_argument("--max-seconds", type=float, default=10,
                    help="brute force time per program before it is skipped")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the unverified races too")
    a = ap.parse_args()
    files = collect(a.paths)
    if a.random:
        shapes = {"both": ["mixed", "handoff"], "all": ["mixed", "handoff", "symmetric"]}.get(
            a.shape, [a.shape])
        for k, sh in enumerate(shapes):
            n = a.random // len(shapes) + (1 if k < a.random % len(shapes) else 0)
            out = os.path.join(a.out, f"{sh}-{a.seed}")
            subprocess.run(["rm", "-rf", out], check=True)
            cmd = [sys.executable, os.path.join(HERE, "gen_programs.py"), "--seed", str(a.seed),
                   "--count", str(n), "--out", out, "--binary", a.binary, "--max-states", "5000",
                   "--max-seconds", "2", "--max-interleavings", str(a.cap)]
            if sh != "mixed":
                cmd += ["--shape", sh]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                print(p.stdout + p.stderr, file=sys.stderr)
                sys.exit(2)
            files += collect([out])
    if not files:
        print("race_compare: no programs", file=sys.stderr)
        sys.exit(2)
    passed = failed = skipped = 0
    for f in files:
        t0 = time.monotonic()
        verdict, what, details = compare(a.binary, f, a.cap, a.node_cap, a.max_seconds)
        print(f"{verdict:4} {f}: {what} ({time.monotonic() - t0:.2f} s)")
        for d in details:
            if verdict != "ok" or a.verbose:
                print("       " + d)
        if verdict == "ok":
            passed += 1
        elif verdict == "FAIL":
            failed += 1
        else:
            skipped += 1
        sys.stdout.flush()
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    if not passed and not failed:
        print("race_compare: nothing was compared", file=sys.stderr)
        sys.exit(1)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
