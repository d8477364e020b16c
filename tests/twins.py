#!/usr/bin/env python3
"""Every programs/NAME.py is the twin of programs/NAME.yaml (issue 15): the
same program written as Python code. This checks that the two explore to
the same answers, from `explore --json`:

- the outcomes (status, output, final values, errors without their lines,
  each with its number of interleavings), the total count, the number of
  states and transitions, the races (location, threads, accesses) and the
  deadlocks (who waits for what), all without line numbers, which are each
  file's own;
- when the YAML program has no thread `main`, its threads start on their
  own, while a Python file's main starts them: the .py twin must then be
  the YAML program with a main that starts every thread in file order and
  joins them in the same order. That program is made here (the YAML with
  such a main inserted) and compared exactly, and the outcomes, without
  their counts, are compared with the YAML program's own.

Each .py twin must also be Python: CPython compiles it (this interpreter,
compile() only: several of them deadlock on purpose).

A twin whose main starts the threads from a loop (LOOP_MAIN) is compared
on its outcomes without counts: the loop's headers are main's steps. A .py
program the YAML format cannot express yet is listed in PY_ONLY, with why.

A .py file in programs/ without a YAML twin, or a twin that differs, fails;
so does a YAML program listed in NO_TWIN that has a twin after all (the
list says why each has none yet). Usage: tests/twins.py ./interleave [DIR]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

# YAML programs with no .py twin yet, and why (what this version lacks).
NO_TWIN = {
    "executor_map_pitfall": "concurrent.futures.ThreadPoolExecutor",
}

# Twins whose main starts the threads from a loop, as the notes write it:
# the loop's headers are steps of main that the YAML program (threads that
# start on their own) has not, so only the outcomes (without counts) are
# compared, and the findings without thread names (the threads are named
# after their target there: increment_counter-1, ...).
LOOP_MAIN = {"barrier_steps", "locked_counter"}

# .py programs with no YAML form yet, and why (what the YAML format lacks):
# `check programs/` pins each with its docstring's expect:.
PY_ONLY = {
    "main_function": "a def main() that creates the threads",
    "threads_list_counter": "a list of threads built by a comprehension",
    "fake_database_class": "classes, and the executor in the middle of main",
    "fake_database_class_locked": "classes, and the executor in the middle of main",
    "executor_futures": "the executor in main, futures and their results",
    "executor_map_results": "the executor in main, map's results",
    "thread_names": "CPython's thread names (t.name, current_thread().name)",
    "join_square": "a list literal passed in args=",
    "executor_map_square": "the executor in main, map over a list literal",
}


def explore(binary, path):
    r = subprocess.run([binary, "explore", "--json", path], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("explore %s: exit %d: %s" % (path, r.returncode, r.stderr.strip()))
    return json.loads(r.stdout)


def no_line(s):
    return re.sub(r" at line \d+", "", s)


def outcomes(report, counts=True):
    out = []
    for o in report["outcomes"]:
        key = {
            "status": o["status"],
            "output": o["output"],
            "final": o["final"],
            "errors": [no_line(e) for e in o.get("errors", [])],
        }
        if counts:
            key["interleavings"] = o["interleavings"]
        out.append(json.dumps(key, sort_keys=True))
    return sorted(out)


def findings(report):
    races = sorted(
        json.dumps([r["location"], sorted([[r["first"]["thread"], r["first"]["access"]],
                                           [r["second"]["thread"], r["second"]["access"]]])])
        for r in report["races"])
    deadlocks = sorted(
        json.dumps(sorted([b["thread"], b["waiting_for"]] for b in d["blocked"]))
        for d in report["deadlocks"])
    errors = sorted(json.dumps([e["thread"], e["kind"], e["message"]]) for e in report["errors"])
    return races, deadlocks, errors


def summary(report):
    return {
        "complete": report["complete"],
        "interleavings": report["interleavings"],
        "states": report["stats"]["states"],
        "transitions": report["stats"]["transitions"],
    }


def thread_names(prog):
    names = []
    for name, spec in (prog.get("threads") or {}).items():
        count = spec.get("count", 0) if isinstance(spec, dict) else 0
        names += ["%s%d" % (name, i) for i in range(count)] if count else [name]
    return names


def with_main(yaml_path, out_path):
    """The YAML program with a main that starts its threads in file order
    and then joins them in that order (a Python file's main)."""
    text = open(yaml_path).read()
    prog = yaml.safe_load(text)
    names = thread_names(prog)
    body = "".join("    %s.start()\n" % n for n in names) + "".join("    %s.join()\n" % n for n in names)
    new, k = re.subn(r"(?m)^threads:[ \t]*\n", lambda m: m.group(0) + "  main: |\n" + body, text, count=1)
    if k != 1:
        raise RuntimeError("%s: no `threads:` line to add main to" % yaml_path)
    open(out_path, "w").write(new)


def compare(what, got, want, fails):
    if got != want:
        fails.append("%s differ:\n    .py:  %s\n    yaml: %s" % (what, got, want))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "./interleave"
    directory = sys.argv[2] if len(sys.argv) > 2 else "programs"
    pys = sorted(f for f in os.listdir(directory) if f.endswith(".py"))
    yamls = sorted(f[:-5] for f in os.listdir(directory) if f.endswith(".yaml"))
    passed = failed = 0
    tmp = tempfile.mkdtemp(prefix="il-twins.")
    for stem in yamls:
        has = stem + ".py" in pys
        if stem in NO_TWIN and has:
            print("FAIL %s: has a .py twin but is listed in NO_TWIN (%s)" % (stem, NO_TWIN[stem]))
            failed += 1
        elif stem not in NO_TWIN and not has:
            print("FAIL %s: no %s.py twin (add one, or list it in NO_TWIN with the reason)" % (stem, stem))
            failed += 1
    for f in pys:
        stem = f[:-3]
        py, ya = os.path.join(directory, f), os.path.join(directory, stem + ".yaml")
        fails = []
        if stem in PY_ONLY:
            if os.path.exists(ya):
                print("FAIL %s: has a YAML twin but is listed in PY_ONLY (%s)" % (py, PY_ONLY[stem]))
                failed += 1
            else:
                print("ok %s: no YAML form yet (%s)" % (f, PY_ONLY[stem]))
                passed += 1
            continue
        if not os.path.exists(ya):
            print("FAIL %s: no YAML twin %s" % (py, ya))
            failed += 1
            continue
        try:
            compile(open(py).read(), py, "exec")
        except SyntaxError as e:
            fails.append("not Python: %s" % e)
        try:
            rp = explore(binary, py)
            ry = explore(binary, ya)
            prog = yaml.safe_load(open(ya))
            if stem in LOOP_MAIN:
                ref, how = ry, "outcomes"
                compare("outcomes (without counts)", outcomes(rp, False), outcomes(ry, False), fails)
                compare("races, deadlocks, errors (how many)", [len(x) for x in findings(rp)],
                        [len(x) for x in findings(ry)], fails)
            elif "main" in (prog.get("threads") or {}):
                ref, how = ry, "exact"
            else:
                wrapped = os.path.join(tmp, stem + ".yaml")
                with_main(ya, wrapped)
                ref, how = explore(binary, wrapped), "with main"
                compare("outcomes (without counts) against the YAML program's own",
                        outcomes(rp, False), outcomes(ry, False), fails)
            if how != "outcomes":
                compare("outcomes", outcomes(rp), outcomes(ref), fails)
                compare("counts", summary(rp), summary(ref), fails)
                compare("races, deadlocks, errors", findings(rp), findings(ref), fails)
        except (RuntimeError, ValueError, KeyError) as e:
            fails.append(str(e))
            how = "?"
        if fails:
            failed += 1
            print("FAIL %s (%s):" % (py, how))
            for x in fails:
                print("  " + x)
        else:
            passed += 1
            print("ok %s = %s (%s: %s interleavings, %d outcomes, %d states)" % (
                f, stem + ".yaml", how, rp["interleavings"], len(rp["outcomes"]), rp["stats"]["states"]))
    print("twins (%s): %d passed, %d failed" % (binary, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
