#!/usr/bin/env python3
"""Partial-order reduction keeps the answers: for every program given, the
report of `explore --no-counts` must list exactly the outcomes (status,
output, final, errors), deadlocks, errors and races of the full exploration;
only the counts go (null), and the reduced graph may not be larger.
Usage: tests/reduction.py ./interleave FILE.yaml|FILE.py|DIR ...   (exit 1 on a difference)"""
import json, os, subprocess, sys

def report(binary, path, *opts):
    p = subprocess.run([binary, "explore", path, "--json", "--max-seconds", "60", *opts],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return None, p.returncode, p.stderr.strip()
    return json.loads(p.stdout), p.returncode, ""

def answers(r):
    outs = sorted(json.dumps({k: v for k, v in o.items() if k != "interleavings"}, sort_keys=True)
                  for o in r["outcomes"])
    strip = lambda xs: sorted(json.dumps({k: v for k, v in x.items() if k != "trace"}, sort_keys=True)
                              for x in xs)
    return {"outcomes": outs, "deadlocks": strip(r["deadlocks"]), "errors": strip(r["errors"]),
            "races": strip(r["races"]), "complete": r["complete"]}

def main():
    binary, paths = sys.argv[1], sys.argv[2:]
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p)
                            if f.endswith(".yaml") or f.endswith(".py"))  # Python twins too
        else:
            files.append(p)
    bad = ok = skipped = 0
    smaller = 0
    for f in files:
        full, rc1, err1 = report(binary, f)
        red, rc2, err2 = report(binary, f, "--no-counts")
        if full is None or red is None:
            if rc1 == rc2 == 2:
                skipped += 1  # a bad input: both refuse it
                continue
            print(f"FAIL reduction {f}: exit {rc1} / {rc2}: {err1 or err2}")
            bad += 1
            continue
        if not full["complete"]:
            skipped += 1
            continue
        a, b = answers(full), answers(red)
        problems = [k for k in a if a[k] != b[k]]
        if rc1 != rc2:
            problems.append(f"exit {rc1} vs {rc2}")
        if red["interleavings"] is not None or any(o["interleavings"] is not None for o in red["outcomes"]):
            problems.append("counts under --no-counts")
        if red["stats"]["states"] > full["stats"]["states"]:
            problems.append(f"more states reduced ({red['stats']['states']} > {full['stats']['states']})")
        if problems:
            bad += 1
            print(f"FAIL reduction {f}: {', '.join(map(str, problems))}")
            for k in a:
                if k in problems:
                    print(f"  full:    {a[k]}\n  reduced: {b[k]}")
        else:
            ok += 1
            smaller += red["stats"]["states"] < full["stats"]["states"]
    print(f"reduction: {ok} programs with the same answers ({smaller} on fewer states), "
          f"{bad} different, {skipped} skipped (bad input or incomplete)")
    sys.exit(1 if bad else 0)

main()
