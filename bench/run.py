#!/usr/bin/env python3
"""run.py - runs the benchmark suite with interleave and with SPIN on this
machine and writes bench/RESULTS.md (and the raw figures, bench/results.json).

    python3 bench/run.py                 # what `make bench` runs
    python3 bench/run.py --quick         # 1 run per row, small sizes: a smoke test
    python3 bench/run.py --report-only   # rewrite RESULTS.md from results.json

What runs (bench/README.md says why):
- ours: `./interleave explore P.yaml --json --no-races --max-seconds LIMIT`
  (symmetry reduction on, counts on), with `--no-counts` (partial-order
  reduction, no counts: the search to set against SPIN's), and with
  `--no-symmetry` (and `--no-symmetry --no-counts`) where that changes the
  count, for the state-count check; `--compact` on the largest lost_update
  sizes (COMPACT_RUNS);
- SPIN, as people would run it: `spin -o2 -a P.pml; cc -O2 -DMEMLIM=8000 pan.c;
  ./pan -m100000 -c0 -n` (partial-order reduction and statement merging on;
  -o2 only keeps the output arrays in the state vector, see gen.py);
- SPIN without its reduction: the same with -DNOREDUCE, which must find
  exactly our unreduced number of states (the check that both files are one
  program);
- the targets of issue 7 (TARGETS): a few runs of ours on their own, with
  the exact command lines the targets name;
- a profile of ours (perf with call stacks, or callgrind).

The binary is copied once at the start, so that a rebuild by someone else
during the run cannot mix two builds in one report.

Timing: every run is timed from outside (fork to exit, by a small wrapper,
MEASURE_C) and its peak RSS is the wrapper's wait4(); a row's time is the median of up to REPS runs, fewer when
the runs of that row already took ROW_BUDGET seconds (the table gives n).
A run gets LIMIT seconds (ours stops itself with --max-seconds, pan is sent
SIGINT and prints what it stored so far). A size whose predicted time (the
previous size's time times its growth in states) is over LIMIT gets one
probe run of PROBE seconds, reported as a timeout; the sizes after a timeout
or out-of-memory are not run. Everything runs one at a time; a verifier is
built (and its build timed) when a row first needs it.
"""
import argparse
import hashlib
import json
import math
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no bench/__pycache__
import gen  # noqa: E402

REPS = 5            # runs per row at most (median)
ROW_BUDGET = 20.0   # seconds one tool may spend on one row before it stops repeating
LIMIT = 60.0        # seconds one run may take
PROBE = 10.0        # seconds of the one run of a size predicted over LIMIT
MEMLIM_MB = 8000    # pan -DMEMLIM and our address-space limit
PAN_DEPTH = 100000
BPS_MIN_STATES = 100000  # below this, peak RSS is mostly fixed cost: no bytes/state

STORE_MIN_STATES = 10000  # below this, the store's first chunk and table dominate its bytes/state
SPIN_MIN_MS = 50.0  # target (a): rows where SPIN's unreduced search takes longer than this

# --compact runs: (case, extra options); each is set against the exact run of
# the same case and options from the tables.
COMPACT_RUNS = [("lost_update_6", []), ("lost_update_6", ["--no-symmetry"]),
                ("lost_update_7", []), ("lost_update_8", [])]

BUILT = os.path.join(ROOT, "interleave")   # what `make` built
OURS = BUILT        # main() points this at a copy made at the start
OURS_FLAGS = []     # set in main(): ours_flags()
RESULTS_MD = os.path.join(HERE, "RESULTS.md")
RESULTS_JSON = os.path.join(HERE, "results.json")

# SPIN-only reference models: the issue's own figures (printf, output not in the state).
REFERENCE_SIZES = [5, 6]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- running one process ---------------------------------------------------------

# The peak RSS of a child of this script would start from this script's own:
# a forked child execs with its parent's RSS high-water mark (Linux keeps the
# larger of the old and the new image's), and this script holds tens of MB of
# results by the end. So every run goes through a small C program, compiled at
# the start, that forks the command from its own small image and reports the
# command's ru_maxrss and wall time (fork to exit) to a file.
MEASURE_C = r"""
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static volatile pid_t child;
static void forward(int sig) { if (child > 0) kill(child, sig); }
int main(int argc, char **argv)
{
    if (argc < 3) return 127;
    signal(SIGINT, forward);   /* caught signals are reset by exec: the command gets the default */
    signal(SIGTERM, forward);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    child = fork();
    if (child < 0) return 127;
    if (child == 0) { execvp(argv[2], argv + 2); _exit(127); }
    int status;
    struct rusage ru;
    while (wait4(child, &status, 0, &ru) < 0)
        if (errno != EINTR) return 127;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    FILE *f = fopen(argv[1], "w");
    if (f) {
        fprintf(f, "%ld %.9f\n", ru.ru_maxrss,
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
        fclose(f);
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
    return 128 + WTERMSIG(status);
}
"""
MEASURE = None      # main(): the compiled MEASURE_C, or None (then wait4's figures)


def build_measure(bindir):
    src = os.path.join(bindir, "measure.c")
    exe = os.path.join(bindir, "measure")
    with open(src, "w") as f:
        f.write(MEASURE_C)
    r = subprocess.run(["cc", "-O2", "-o", exe, src], capture_output=True, text=True)
    if r.returncode != 0:
        log("bench: cannot build the measuring wrapper; peak RSS of small runs will include "
            "this script's: " + r.stderr.strip()[:200])
        return None
    return exe


def run_measured(cmd, cwd, limit, stop_signal, mem_mb=None):
    """Runs cmd; returns dict(wall, rss_kb, status, stdout, stderr, stopped).
    After `limit` seconds the process gets stop_signal (None: none), and
    30 s later SIGKILL."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    report = None
    if MEASURE:
        fd, report = tempfile.mkstemp(prefix="interleave-measure-")
        os.close(fd)
        cmd = [MEASURE, report] + list(cmd)

    def limits():
        os.setpgrp()
        if mem_mb:
            lim = mem_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (lim, lim))

    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, preexec_fn=limits)
    stopped = []

    def soft():
        if stop_signal is not None:
            stopped.append("limit")
            try:
                os.kill(p.pid, stop_signal)   # the wrapper passes it on
            except ProcessLookupError:
                pass

    def hard():
        stopped.append("killed")
        try:
            os.killpg(p.pid, signal.SIGKILL)  # the wrapper and the command
        except ProcessLookupError:
            pass

    timers = []
    if limit is not None:
        timers = [threading.Timer(limit, soft), threading.Timer(limit + 30, hard)]
        for t in timers:
            t.daemon = True
            t.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    for t in timers:
        t.cancel()
    rss_kb = ru.ru_maxrss
    if report:
        try:
            with open(report) as f:
                kb, secs = f.read().split()
            rss_kb, wall = int(kb), float(secs)
        except (OSError, ValueError):
            pass    # killed before it could write: the outside figures
        os.unlink(report)
    out.seek(0)
    err.seek(0)
    return {"wall": wall, "rss_kb": rss_kb, "status": p.returncode,
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"), "stopped": stopped}


# ---- ours -------------------------------------------------------------------------

def ours_state_bytes(yaml_path):
    """The size of one state, from --disasm ("state: N bytes"), or None."""
    try:
        r = subprocess.run([OURS, "explore", yaml_path, "--disasm"], capture_output=True,
                           text=True, timeout=30)
        m = re.search(r"^state: (\d+) bytes", r.stdout, re.M)
        return int(m.group(1)) if m else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def ours_flags():
    """--max-memory when this build has it (the address-space limit stays as
    the fallback)."""
    try:
        h = subprocess.run([OURS, "explore", "--help"], capture_output=True, text=True,
                           timeout=10)
        if "--max-memory" in h.stdout + h.stderr:
            return ["--max-memory", f"{MEMLIM_MB}M"]
    except (OSError, subprocess.TimeoutExpired):
        pass
    return []


def outcome_digest(outcomes):
    """A digest of the outcomes without their counts (status, output, final
    values): equal digests, equal answers."""
    keys = sorted(json.dumps([o.get("status"), o.get("output"), o.get("final")], sort_keys=True)
                  for o in outcomes)
    return hashlib.sha1("\n".join(keys).encode()).hexdigest()[:16]


def run_ours(yaml_path, limit, extra=(), races=False, mem_flags=None):
    """One `explore --json` run. races=False adds --no-races; mem_flags
    replaces OURS_FLAGS (the --max-memory of the suite)."""
    cmd = [OURS, "explore", yaml_path, "--json", "--max-seconds", str(int(limit))]
    cmd += [] if races else ["--no-races"]
    cmd += (OURS_FLAGS if mem_flags is None else mem_flags) + list(extra)
    r = run_measured(cmd, ROOT, limit + 5, signal.SIGTERM, MEMLIM_MB + 512)
    res = {"wall": r["wall"], "rss_kb": r["rss_kb"], "status": r["status"]}
    if "out of memory" in r["stderr"] or r["status"] == 4:
        res["verdict"] = "out of memory"
        return res
    try:
        d = json.loads(r["stdout"])
    except ValueError:
        res["verdict"] = "timeout" if r["stopped"] else "failed"
        res["message"] = (r["stderr"] or r["stdout"]).strip()[:300]
        return res
    st = d.get("stats", {})
    outs = d.get("outcomes", [])
    res.update(states=st.get("states"), transitions=st.get("transitions"),
               inner_seconds=st.get("seconds"), complete=d.get("complete"),
               store_bps=st.get("bytes_per_state"), mode=st.get("mode"),
               omission=st.get("omission_probability"),
               deadlock=bool(d.get("deadlocks")), ndeadlocks=len(d.get("deadlocks") or []),
               error=bool(d.get("errors")), outcomes=len(outs), digest=outcome_digest(outs),
               interleavings=d.get("interleavings"))
    res["verdict"] = "ok" if d.get("complete") else "timeout"
    return res


def run_ours_text(yaml_path, limit, extra=()):
    """One `explore` run with the text report, as a user types it (exit 0 or
    1 when complete, 3 when stopped, 4 out of memory). The report's first
    line gives the states and transitions."""
    cmd = [OURS, "explore", yaml_path, "--max-seconds", str(int(limit))] + list(extra)
    r = run_measured(cmd, ROOT, limit + 5, signal.SIGTERM, MEMLIM_MB + 512)
    res = {"wall": r["wall"], "rss_kb": r["rss_kb"], "status": r["status"]}
    m = re.search(r"\((\d+) states, (\d+) transitions, ([\d.]+) s", r["stdout"])
    if m:
        res.update(states=int(m.group(1)), transitions=int(m.group(2)),
                   inner_seconds=float(m.group(3)))
    res["deadlock"] = "deadlock reachable" in r["stdout"]
    res["first_line"] = r["stdout"].split("\n", 1)[0][:300]
    if r["status"] == 4 or "out of memory" in r["stderr"]:
        res["verdict"] = "out of memory"
    elif r["status"] in (0, 1) and m:
        res["verdict"] = "ok"
    elif r["status"] == 3 or r["stopped"]:
        res["verdict"] = "timeout"
    else:
        res["verdict"] = "failed"
        res["message"] = (r["stderr"] or r["stdout"]).strip()[:300]
    return res


# ---- SPIN -------------------------------------------------------------------------

CONFIGS = {
    # name: (spin -a options, cc options)
    "por": (["-o2"], []),
    "nopor": (["-o2"], ["-DNOREDUCE"]),
}


def spin_build(pml, workdir, config):
    """spin -a, then cc: returns dict(gen, compile, ok, message, dir)."""
    spin_opts, cc_opts = CONFIGS[config]
    d = os.path.join(workdir, config)
    os.makedirs(d, exist_ok=True)
    t0 = time.perf_counter()
    a = subprocess.run(["spin"] + spin_opts + ["-a", pml], cwd=d, capture_output=True, text=True)
    t1 = time.perf_counter()
    if a.returncode != 0 or not os.path.exists(os.path.join(d, "pan.c")):
        return {"ok": False, "message": (a.stdout + a.stderr).strip()[:300], "dir": d}
    c = subprocess.run(["cc", "-O2", f"-DMEMLIM={MEMLIM_MB}"] + cc_opts + ["-o", "pan", "pan.c"],
                       cwd=d, capture_output=True, text=True)
    t2 = time.perf_counter()
    if c.returncode != 0:
        return {"ok": False, "message": c.stderr.strip()[:300], "dir": d}
    return {"ok": True, "gen": t1 - t0, "compile": t2 - t1, "dir": d}


def parse_pan(text):
    def num(pattern, conv=int):
        m = re.search(pattern, text, re.M)
        return conv(m.group(1)) if m else None
    r = {
        "states": num(r"^\s*(\d+) states, stored"),
        "matched": num(r"^\s*(\d+) states, matched"),
        "transitions": num(r"^\s*(\d+) transitions \(= stored\+matched\)"),
        "vector": num(r"State-vector (\d+) byte"),
        "stored_bytes": num(r"state-vector as stored = (\d+) byte"),
        "overhead_bytes": num(r"state-vector as stored = \d+ byte \+ (\d+) byte overhead"),
        "errors": num(r"errors: (\d+)"),
        "depth": num(r"depth reached (\d+)"),
        "pan_mb": num(r"^\s*([\d.]+)\s+total actual memory usage", float),
        "hash_mb": num(r"^\s*([\d.]+)\s+memory used for hash table", float),
        "states_mb": num(r"^\s*([\d.]+)\s+actual memory usage for states", float),
        "incomplete": "Search not completed" in text,
        "memlim": "MEMLIM" in text or "out of memory" in text,
        "depth_too_small": "max search depth too small" in text,
    }
    # the last progress line, for a search stopped early
    prog = re.findall(r"^Depth=\s*\d+ States=\s*([\d.e+]+)", text, re.M)
    if r["states"] is None and prog:
        r["states"] = int(float(prog[-1]))
    return r


def run_pan(build, limit):
    r = run_measured(["./pan", f"-m{PAN_DEPTH}", "-c0", "-n"], build["dir"], limit,
                     signal.SIGINT)
    res = {"wall": r["wall"], "rss_kb": r["rss_kb"], "status": r["status"]}
    res.update(parse_pan(r["stdout"] + r["stderr"]))
    if res["memlim"]:
        res["verdict"] = "out of memory"
    elif r["stopped"] or res["incomplete"]:
        res["verdict"] = "timeout"
    elif res["states"] is None:
        res["verdict"] = "failed"
        res["message"] = (r["stdout"] + r["stderr"]).strip()[-300:]
    else:
        res["verdict"] = "ok"
    return res


# ---- rows -------------------------------------------------------------------------

def repeat(fn, reps, budget):
    """Runs fn() up to reps times, stopping early once budget seconds are
    spent or a run is not ok. Returns the list of runs."""
    runs, spent = [], 0.0
    for _ in range(reps):
        r = fn()
        runs.append(r)
        spent += r["wall"]
        if r["verdict"] != "ok" or spent >= budget:
            break
    return runs


def summarize(runs):
    """One tool's row: the first run's counts, the median time and RSS."""
    if not runs:
        return None
    ok = [r for r in runs if r["verdict"] == "ok"]
    base = dict(runs[0])
    if ok:
        base = dict(ok[0])
        base["wall"] = statistics.median(r["wall"] for r in ok)
        base["rss_kb"] = int(statistics.median(r["rss_kb"] for r in ok))
        base["n"] = len(ok)
        base["walls"] = [round(r["wall"], 4) for r in ok]
        inner = [r["inner_seconds"] for r in ok if r.get("inner_seconds") is not None]
        if len(inner) == len(ok):
            base["inner_seconds"] = statistics.median(inner)
    else:
        base["n"] = 0
        base["walls"] = [round(r["wall"], 4) for r in runs]
    return base


class Planner:
    """Decides, per tool and family, whether the next size runs, is probed or
    is skipped (see the module comment)."""

    def __init__(self):
        self.hist = {}   # (tool, family) -> list of (states, wall) of ok rows
        self.dead = {}   # (tool, family) -> the size that hit a limit

    def plan(self, tool, family):
        key = (tool, family)
        if key in self.dead:
            return "skip", None
        h = self.hist.get(key, [])
        if len(h) >= 2 and h[-2][0] > 0:
            growth = h[-1][0] / h[-2][0]
            predicted = h[-1][1] * growth
            if predicted > LIMIT:
                return "probe", predicted
        return "run", None

    def record(self, tool, family, size, row):
        key = (tool, family)
        if row is None:
            return
        if row["verdict"] == "ok":
            self.hist.setdefault(key, []).append((row["states"] or 0, row["wall"]))
        else:
            self.dead[key] = size


def measure_tool(kind, planner, family, size, fn, reps, budget):
    decision, predicted = planner.plan(kind, family)
    if decision == "skip":
        row = {"verdict": "not run", "why": f"a smaller size already hit the limit "
               f"({planner.dead[(kind, family)]})"}
        return row
    if decision == "probe":
        log(f"    {kind}: predicted {predicted:.0f} s > {LIMIT:.0f} s: one probe of {PROBE:.0f} s")
        row = summarize([fn(PROBE)])
        if row["verdict"] == "ok":       # it made it after all
            planner.record(kind, family, size, row)
        else:
            row["predicted"] = predicted
            row["probe"] = True
            planner.dead[(kind, family)] = size
        return row
    row = summarize(repeat(lambda: fn(LIMIT), reps, budget))
    planner.record(kind, family, size, row)
    return row


# ---- the suite ------------------------------------------------------------------

def reference_pml(n):
    return f"""/* Generated by bench/run.py: the issue's reference model (SPIN only).
 * `record x` as printf: the output is not part of the state vector, so this
 * is NOT the same program as ours; it reproduces the issue's figures. */
#define N {n}
int x;
active [N] proctype T() {{
    int a;
    a = x;
    a = a + 1;
    x = a;
    printf("%d\\n", x)
}}
"""


def collect(args):
    quick = args.quick
    reps = 1 if quick else REPS
    budget = 5.0 if quick else ROW_BUDGET
    cases = list(gen.cases())
    if quick:
        cases = [c for c in cases if c[1] <= {"lost_update": 4, "lost_update_printed": 3,
                                            "philosophers": 5, "philosophers_ordered": 5,
                                            "peterson": 2, "bounded_buffer": 2}[c[0]]]
    gen.main()
    work = tempfile.mkdtemp(prefix="interleave-bench-")
    meta = machine_info()
    meta.update(reps=reps, row_budget=budget, limit=LIMIT, probe=PROBE, memlim_mb=MEMLIM_MB,
                quick=quick, started=time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                load_start=os.getloadavg())
    t_start = time.perf_counter()
    try:
        # Verifiers are built when a row first needs them, one at a time like
        # everything else, so that the compile times are not disturbed.
        refs = [] if quick else REFERENCE_SIZES
        planner = Planner()
        rows = []
        for family, n, name, _y, _p in cases:
            yaml_path = os.path.join(HERE, "programs", name + ".yaml")
            pml = os.path.join(HERE, "promela", name + ".pml")
            log(f"bench: {name}")
            row = {"family": family, "size": n, "name": name,
                   "state_bytes": ours_state_bytes(yaml_path)}
            row["ours"] = measure_tool("ours", planner, family, n,
                                       lambda lim: run_ours(yaml_path, lim), reps, budget)
            # the reduced search (no counts), to set against SPIN's POR search
            row["ours_nc"] = measure_tool("ours_nc", planner, family, n,
                                          lambda lim: run_ours(yaml_path, lim, ["--no-counts"]),
                                          reps, budget)
            for config in CONFIGS:
                row[config] = measure_tool(config, planner, family, n,
                                           lazy_pan(row, config, pml, os.path.join(work, name)),
                                           reps, budget)
            # Ours without symmetry reduction, for the state-count check, where
            # the reduction changed the count (elsewhere it is the same run).
            o, q = row["ours"], row["nopor"]
            if ok(o) and ok(q) and o["states"] == q["states"]:
                row["ours_nosym"] = {"verdict": "same"}
            elif ok(o):
                row["ours_nosym"] = measure_tool(
                    "ours_nosym", planner, family, n,
                    lambda lim: run_ours(yaml_path, lim, ["--no-symmetry"]), reps, budget)
            else:
                row["ours_nosym"] = {"verdict": "not run", "why": "ours did not finish"}
            # ... and its reduced search (POR alone against SPIN's POR), where
            # the unreduced run finished
            if row["ours_nosym"].get("verdict") == "same":
                row["ours_nc_nosym"] = {"verdict": "same"}
            elif ok(row["ours_nosym"]):
                row["ours_nc_nosym"] = measure_tool(
                    "ours_nc_nosym", planner, family, n,
                    lambda lim: run_ours(yaml_path, lim, ["--no-counts", "--no-symmetry"]),
                    reps, budget)
            else:
                row["ours_nc_nosym"] = {"verdict": "not run", "why": "ours --no-symmetry did not finish"}
            log("    " + brief(row))
            rows.append(row)
        # 2. hash compaction on the largest lost_update sizes
        compact = []
        for name, extra in COMPACT_RUNS:
            yaml_path = os.path.join(HERE, "programs", name + ".yaml")
            if quick or not find(rows, name):
                continue
            log(f"bench: {name} --compact {' '.join(extra)}")
            r = summarize(repeat(lambda: run_ours(yaml_path, LIMIT, ["--compact"] + extra),
                                 reps, budget))
            compact.append({"name": name, "extra": extra, "run": r})
            log(f"    {r['verdict']} {r.get('states')} states {r['wall']:.3f} s "
                f"{r.get('store_bps')} B/state (n={r['n']})")
        # 3. the targets' own runs
        targets = {} if quick else run_targets(reps, budget)
        races = [] if quick else run_race_rows(reps, budget)
        refrows = []
        for n in refs:
            name = f"lost_update_printf_{n}"
            log(f"bench: {name} (SPIN reference)")
            pml = os.path.join(work, name + ".pml")
            with open(pml, "w") as f:
                f.write(reference_pml(n))
            row = {"family": "reference", "size": n, "name": name}
            for config in CONFIGS:
                fn = lazy_pan(row, config, pml, os.path.join(work, name))
                row[config] = summarize(repeat(lambda fn=fn: fn(LIMIT), min(reps, 3), 10.0))
            refrows.append(row)
        # 4. the profile of ours on the largest lost_update case that completed
        meta["bench_seconds"] = time.perf_counter() - t_start
        prof = None if args.no_profile else profile(rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    meta["total_seconds"] = time.perf_counter() - t_start
    meta["load_end"] = os.getloadavg()
    return {"meta": meta, "rows": rows, "reference": refrows, "profile": prof,
            "compact": compact, "targets": targets, "races": races}


def run_targets(reps, budget):
    """The runs that only the targets need, with the command lines they name
    (the others come from the tables). Returns {key: summarized row}."""
    prog = lambda name: os.path.join(HERE, "programs", name + ".yaml")  # noqa: E731
    lc = [name for name, _y in gen.extra_programs() if name.startswith("locked_counter")][0]
    specs = [
        # (b) lost_update_6 as users run it with symmetry: the text report, counts on
        ("b", lambda lim: run_ours_text(prog("lost_update_6"), lim, ["--no-races"]), reps),
        # (b) the same with the CLI's defaults: race detection on
        ("b_races", lambda lim: run_ours_text(prog("lost_update_6"), lim), 1),
        # (c) lost_update_7, complete, within 4 GB
        ("c", lambda lim: run_ours(prog("lost_update_7"), lim, mem_flags=["--max-memory", "4G"]),
         reps),
        # (e) philosophers_8: the reduced search that finds the deadlock, and the counting one
        ("e", lambda lim: run_ours_text(prog("philosophers_8"), lim, ["--no-counts"]), reps),
        ("e_counts", lambda lim: run_ours_text(prog("philosophers_8"), lim), reps),
        # (f) the seeds' locked counter with 100 threads, default options, exact count
        ("f", lambda lim: run_ours(prog(lc), lim, races=True), reps),
    ]
    out = {}
    for key, fn, n in specs:
        log(f"bench: target {key}")
        out[key] = summarize(repeat(lambda: fn(LIMIT), n, budget))
        r = out[key]
        log(f"    {r['verdict']} {r.get('states')} states {r['wall']:.3f} s (n={r['n']})")
    out["f"]["program"] = lc
    out["f"]["threads"] = gen.LOCKED_COUNTER_THREADS
    return out


# The race analysis (issue 13): the CLI's defaults (races checked) against
# --no-races on the same program, in one run. A target is the bound
# on the default's time (and at most RACE_FACTOR times --no-races).
RACE_FACTOR = 1.5
RACE_ROWS = [
    ("lost_update_6", "bench/programs/lost_update_6.yaml", 0.2),
    ("lost_update_7", "bench/programs/lost_update_7.yaml", 2.0),
    ("lost_update_8", "bench/programs/lost_update_8.yaml", 15.0),
    ("count8", "tests/programs/count8.yaml", None),
    ("lost_update_printed_5", "bench/programs/lost_update_printed_5.yaml", None),
    ("philosophers_8", "bench/programs/philosophers_8.yaml", None),
    ("bounded_buffer_3", "bench/programs/bounded_buffer_3.yaml", None),
    ("bounded_buffer_4", "bench/programs/bounded_buffer_4.yaml", None),
]


def run_race_rows(reps, budget):
    out = []
    for name, rel, target in RACE_ROWS:
        path = os.path.join(ROOT, rel)
        row = {"name": name, "path": rel, "target": target}
        for key, races in (("default", True), ("no_races", False)):
            log(f"bench: races {name} {'default' if races else '--no-races'}")
            row[key] = summarize(repeat(lambda: run_ours(path, LIMIT, races=races), reps, budget))
            r = row[key]
            log(f"    {r['verdict']} {r.get('states')} states {r['wall']:.3f} s (n={r['n']})")
        out.append(row)
    return out


def races_section(data):
    R = data.get("races") or []
    if not R:
        return "Not measured on this run (--quick).\n"
    L = ["| program | mode | states | default (races checked) | `--no-races` | default / `--no-races` "
         "| target | met? |", "|---|---|---:|---:|---:|---:|---|:-:|"]
    for row in R:
        d, n = row["default"], row["no_races"]
        f = ratio(wall(d), wall(n))
        t = row["target"]
        if t is None:
            tgt, met = "-", "-"
        else:
            tgt = f"< {fmt_time(t)}, <= {RACE_FACTOR}x"
            met = "met" if ok(d) and ok(n) and d["wall"] < t and f <= RACE_FACTOR else "**not met**"
        L.append(f"| {row['name']} | {d.get('mode') or '-'} | {fmt_int(d.get('states'))} | "
                 f"{verdict_cell(d)} | {verdict_cell(n)} | {f'{f:.2f}' if f else '-'} | {tgt} | {met} |")
    L.append("")
    L.append("Both columns from this run, medians of n runs, from fork to exit. The race pass "
             "(docs/races.md) runs after the search over the same state graph: under symmetry "
             "over the same classes, each race standing for its orbit of thread pairs; it stops as "
             "soon as every pair of accesses that could race is reported. `states` is the "
             "search's (the same with and without races).\n")
    return "\n".join(L)


def lazy_pan(row, config, pml, workdir):
    """A run function for measure_tool that builds the verifier on its first
    call and records the build (its times) in row["build_" + config]."""
    built = []

    def fn(limit):
        if not built:
            built.append(spin_build(pml, workdir, config))
            row["build_" + config] = {k: v for k, v in built[0].items() if k != "dir"}
        b = built[0]
        if not b["ok"]:
            return {"verdict": "failed", "message": b["message"], "wall": 0.0, "rss_kb": 0}
        return run_pan(b, limit)
    return fn


def brief(row):
    parts = []
    for k in ("ours", "ours_nc", "por", "nopor", "ours_nosym", "ours_nc_nosym"):
        r = row.get(k) or {}
        if r.get("verdict") == "ok":
            parts.append(f"{k} {r['states']} states {r['wall']:.3f} s (n={r['n']})")
        else:
            parts.append(f"{k} {r.get('verdict')}")
    return "; ".join(parts)


def machine_info():
    def cmd(c):
        try:
            return subprocess.run(c, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            cpu = m.group(1) if m else ""
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    spin_v = cmd(["spin", "-V"])
    return {
        "cpu": cpu, "cores": os.cpu_count(), "mem_gb": round(mem_gb, 1),
        "kernel": platform.release(),
        "spin": spin_v.splitlines()[0] if spin_v else "",
        "cc": cmd(["cc", "--version"]).splitlines()[0] if cmd(["cc", "--version"]) else "",
        "commit": cmd(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]),
        "dirty": bool(cmd(["git", "-C", ROOT, "status", "--porcelain", "--", "sim", "include"])),
    }


# ---- profiling ----------------------------------------------------------------------

def perf_annotate(data, sym):
    """The hottest instructions of sym: (percent, instruction, the one before
    it, the source line they belong to)."""
    txt = subprocess.run(["perf", "annotate", "-i", data, "--stdio", "-s", sym],
                         capture_output=True, text=True).stdout
    hot, src, prev = [], "", ""
    for line in txt.splitlines():
        m_ins = re.match(r"\s*([\d.]+)\s+:\s+[0-9a-f]+:\s+(.*\S)", line)
        m_src = re.match(r"\s*:\s+(\d+)\s+(.*\S)", line)
        if m_ins:
            ins = re.sub(r"\s+", " ", m_ins.group(2))
            hot.append((float(m_ins.group(1)), ins, prev, src))
            prev = ins
        elif m_src:
            src = f"{m_src.group(1)}: {m_src.group(2).strip()}"
    hot.sort(key=lambda h: -h[0])
    return [h for h in hot[:4] if h[0] >= 2.0]


PERF_HZ = 249   # samples a second (with 16 KiB of stack each)

# The parts of ours, by the functions that mark them in a sample's call stack
# (the innermost marked frame decides): a sample in memcmp called from the
# store counts for the store, the same memcmp called from canonicalize for
# symmetry. Samples with none of these (but a frame of ours) are "the rest
# of the explorer" (the BFS loop, edges, parents, report building).
PARTS = [
    ("state store", ("il_store_", "intern_state", "load_state")),
    ("symmetry", ("canonicalize",)),
    ("interpreter", ("il_step", "exec", "il_enabled")),
    ("outputs and outcomes", ("il_intern_out", "il_intern_str", "record_outcome",
                              "build_outcomes", "sort_outcomes", "cmp_outcome")),
    ("counting", ("count", "topo_order")),
    ("reduction", ("expand_reduced", "il_por")),
]


def perf_parts(data):
    """Shares of the samples by part of ours (PARTS) from the call stacks:
    [(part, percent, percent of it in libc, percent of it in the kernel,
    [(leaf symbol, percent of all samples)...])], largest first."""
    txt = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym,dso"],
                         capture_output=True, text=True).stdout
    samples = []
    for block in re.split(r"\n\s*\n", txt):
        frames = []
        for line in block.splitlines():
            m = re.match(r"\s*[0-9a-f]+ (.*) \((.*)\)\s*$", line)
            if m:
                frames.append((re.sub(r"\+0x[0-9a-f]+$", "", m.group(1)), m.group(2)))
        if frames:
            samples.append(frames)
    if not samples:
        return None

    def ours(dso):
        return dso == "inlined" or os.path.basename(dso) == "interleave"

    def part_of(frames):
        for sym, dso in frames:
            if ours(dso):
                for part, keys in PARTS:
                    if any(sym.startswith(k) for k in keys):
                        return part
        return ("the rest of the explorer" if any(ours(d) and not d == "inlined" for _s, d in frames)
                else "outside ours")
    by = {}
    for fr in samples:
        leaf_sym, leaf_dso = fr[0]
        b = by.setdefault(part_of(fr), {"n": 0, "libc": 0, "kernel": 0, "leaf": {}})
        b["n"] += 1
        b["libc"] += "libc" in leaf_dso
        b["kernel"] += "kernel" in leaf_dso
        b["leaf"][leaf_sym] = b["leaf"].get(leaf_sym, 0) + 1
    n = len(samples)
    out = []
    for part, b in sorted(by.items(), key=lambda kv: -kv[1]["n"]):
        leaves = sorted(b["leaf"].items(), key=lambda kv: -kv[1])[:5]
        out.append((part, 100 * b["n"] / n, 100 * b["libc"] / n, 100 * b["kernel"] / n,
                    [(sym, 100 * c / n) for sym, c in leaves if 100 * c / n >= 0.5]))
    return {"samples": n, "parts": out}


def profile(rows):
    done = [r for r in rows if r["family"] == "lost_update"
            and (r.get("ours") or {}).get("verdict") == "ok" and r["ours"]["wall"] < 30]
    if not done:
        return None
    target = max(done, key=lambda r: r["size"])
    yaml_path = os.path.join(HERE, "programs", target["name"] + ".yaml")
    cmd = [OURS, "explore", yaml_path, "--json", "--no-races"]
    tmp = tempfile.mkdtemp(prefix="interleave-prof-")
    res = {"case": target["name"], "tool": None}
    try:
        usable = bool(shutil.which("perf")) and subprocess.run(
            ["perf", "record", "-o", os.path.join(tmp, "probe.data"), "--", "true"],
            capture_output=True).returncode == 0
        if usable:
            log(f"bench: perf on {target['name']}")
            data = os.path.join(tmp, "perf.data")
            # one run: perf stat counts the perf record under it (and its overhead);
            # call stacks (dwarf) attribute libc's and the kernel's samples to
            # the part of ours they worked for
            record = ["perf", "record", "-F", str(PERF_HZ), "-o", data]
            callgraph = ["--call-graph", "dwarf,16384"]
            stat = None
            for cg in (callgraph, []):
                stat = subprocess.run(["perf", "stat", "-x", ",", "-e",
                                       "task-clock,page-faults,cycles,instructions,cache-misses",
                                       "-o", os.path.join(tmp, "stat.txt"), "--"]
                                      + record + cg + ["--"] + cmd,
                                      capture_output=True, text=True)
                if stat.returncode in (0, 1) and os.path.exists(data):
                    break
            counters, unsupported = {}, []
            with open(os.path.join(tmp, "stat.txt")) as f:
                for line in f:
                    p = line.strip().split(",")
                    if len(p) > 3 and not line.startswith("#"):
                        try:
                            counters[p[2]] = float(p[0])
                        except ValueError:
                            unsupported.append(p[2])
            rep = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "-g",
                                  "none", "--sort", "dso,symbol", "--percent-limit", "0.7"],
                                 capture_output=True, text=True).stdout
            top = []
            for line in rep.splitlines():
                m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[([.k])\]\s+(\S+)", line)
                if m:
                    top.append((float(m.group(1)), m.group(3) == "k", m.group(4), m.group(2)))
            dso = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "-g",
                                  "none", "--sort", "dso"], capture_output=True, text=True).stdout
            dsos = []
            for line in dso.splitlines():
                m = re.match(r"\s*([\d.]+)%\s+(\S+)", line)
                if m:
                    dsos.append((float(m.group(1)), m.group(2)))
            ours_top = [t for t in top if t[3] == "interleave"]
            hot = perf_annotate(data, ours_top[0][2]) if ours_top else []
            parts = perf_parts(data) if cg else None
            res.update(tool="perf", counters=counters, unsupported=unsupported,
                       top=[t[:3] for t in top[:25]], dsos=dsos[:6], status=stat.returncode,
                       hot_symbol=ours_top[0][2] if ours_top else None, hot=hot, parts=parts,
                       hz=PERF_HZ)
        elif shutil.which("valgrind"):
            small = [r for r in done if r["size"] <= 4] or done
            target = max(small, key=lambda r: r["size"])
            yaml_path = os.path.join(HERE, "programs", target["name"] + ".yaml")
            log(f"bench: callgrind on {target['name']}")
            out = os.path.join(tmp, "cg.out")
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                            OURS, "explore", yaml_path, "--json", "--no-races"],
                           capture_output=True)
            ann = subprocess.run(["callgrind_annotate", out], capture_output=True,
                                 text=True).stdout
            top = []
            for line in ann.splitlines():
                m = re.match(r"\s*([\d,]+) \(\s*([\d.]+)%\)\s+(\S.*)", line)
                if m and "PROGRAM TOTALS" not in line:
                    top.append((float(m.group(2)), False, m.group(3).split(":")[-1].split()[0]))
            res.update(tool="callgrind", case=target["name"], top=top[:25])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res


# ---- the report ---------------------------------------------------------------------

def fmt_int(v):
    return f"{v:,}" if isinstance(v, int) else "-"


def fmt_time(s):
    if s is None:
        return "-"
    if s < 0.01:
        return f"{s * 1000:.1f} ms"
    if s < 1:
        return f"{s * 1000:.0f} ms"
    return f"{s:.2f} s"


def fmt_mb(kb):
    return f"{kb / 1024:,.0f}" if kb else "-"


def ratio(a, b):
    return a / b if a and b else None


def fmt_ratio(a, b):
    r = ratio(a, b)
    if r is None:
        return "-"
    if r >= 10:
        return f"{r:.0f}"
    if r >= 1:
        return f"{r:.1f}"
    return f"{r:.2g}"


def ok(r):
    return bool(r) and r.get("verdict") == "ok"


def wall(r):
    return r["wall"] if ok(r) else None


def e2e(row):
    p, b = row.get("por"), row.get("build_por") or {}
    return b["gen"] + b["compile"] + p["wall"] if ok(p) and b.get("ok") else None


def bps(r):
    return r["rss_kb"] * 1024 / r["states"] if ok(r) and r.get("states") else None


def verdict_cell(r):
    """The time cell of a tool's row: the median, or why there is none."""
    if not r:
        return "-"
    v = r.get("verdict")
    if v == "ok":
        return f"{fmt_time(r['wall'])} (n={r['n']})"
    if v == "timeout":
        got = r.get("states")
        lim = PROBE if r.get("probe") else LIMIT
        extra = f", {got / 1e6:.1f} M states by then" if got else ""
        pred = f"; predicted {r['predicted']:.0f} s" if r.get("predicted") else ""
        return f"timeout ({lim:.0f} s{extra}{pred})"
    if v == "out of memory":
        got = r.get("states")
        return f"out of memory ({MEMLIM_MB} MB{', ' + f'{got / 1e6:.1f} M states' if got else ''})"
    if v == "not run":
        return "not run"
    return v or "-"


def states_cell(r):
    return fmt_int(r["states"]) if ok(r) else "-"


def unreduced(row):
    """Our run without symmetry reduction: ours_nosym where it was needed,
    else ours itself (the reduction changed nothing)."""
    n = row.get("ours_nosym") or {}
    return row.get("ours") if n.get("verdict") == "same" else n


def same_check(row):
    u, q = unreduced(row), row.get("nopor")
    if not (ok(u) and ok(q)):
        return "-"
    return "yes" if u["states"] == q["states"] and q["transitions"] == u["transitions"] + 1 else "**no**"


def nosym_cell(row, what):
    n = row.get("ours_nosym") or {}
    if n.get("verdict") == "same":
        return "(same)"
    if what == "states":
        return states_cell(n)
    return verdict_cell(n)


def unreduced_nc(row):
    """Our reduced search without symmetry: ours_nc_nosym where it was
    needed, else ours_nc itself (symmetry changed nothing)."""
    n = row.get("ours_nc_nosym") or {}
    return row.get("ours_nc") if n.get("verdict") == "same" else n


def spin_bps(r):
    """SPIN's bytes per stored state: the state vector as stored + its
    overhead (pan's "state-vector as stored = A byte + B byte overhead"); pan
    prints that line only when it compressed the vectors, so otherwise (small
    searches) its "actual memory usage for states" / states, from
    STORE_MIN_STATES states up, as for ours."""
    if not r:
        return None
    if r.get("stored_bytes") is not None and r.get("overhead_bytes") is not None:
        return r["stored_bytes"] + r["overhead_bytes"]
    if r.get("states_mb") and (r.get("states") or 0) >= STORE_MIN_STATES:
        return round(r["states_mb"] * 2**20 / r["states"])
    return None


def row_spin_bps(row):
    """SPIN's bytes per stored state on a model: from its default (POR)
    search, else from the unreduced one (the same vector)."""
    return spin_bps(row.get("por")) or spin_bps(row.get("nopor"))


def store_bps(r):
    """Our store's bytes per state (the JSON's stats.bytes_per_state), where
    the store holds enough states for the figure to mean something."""
    if ok(r) and r.get("store_bps") and (r.get("states") or 0) >= STORE_MIN_STATES:
        return r["store_bps"]
    return None


def rss_bps(r):
    """Peak RSS / states, from BPS_MIN_STATES states up."""
    return bps(r) if ok(r) and r["states"] >= BPS_MIN_STATES else None


def fmt_num(v):
    return f"{v:,.0f}" if v is not None else "-"


def answers_agree(a, b):
    """Two runs of ours on one program give the same answers (the outcomes
    without their counts, whether a deadlock and an error are reachable):
    "yes", "**no**", or "-" where one did not finish."""
    if not (ok(a) and ok(b)) or not a.get("digest") or not b.get("digest"):
        return "-"
    same = (a["digest"] == b["digest"] and a["deadlock"] == b["deadlock"]
            and a["error"] == b["error"])
    return "yes" if same else "**no**"


def same_cell(r, cell):
    """A cell of a run that was not needed (the reduction changed nothing)."""
    return "(same)" if (r or {}).get("verdict") == "same" else cell


def family_tables(rows, family):
    fr = [r for r in rows if r["family"] == family]
    out = ["| case | ours states | ours edges | ours --no-symmetry states | SPIN no-POR states | same? "
           "| SPIN POR states | SPIN POR transitions | POR keeps | state bytes ours / SPIN "
           "| deadlock ours / SPIN |",
           "|---|---:|---:|---:|---:|:-:|---:|---:|---:|---:|:-:|"]
    for r in fr:
        o, p, q = r.get("ours"), r.get("por"), r.get("nopor")
        keeps = f"{100 * p['states'] / q['states']:.0f}%" if ok(p) and ok(q) else "-"
        vec = f"{r.get('state_bytes') or '-'} / {(p or {}).get('vector') or (q or {}).get('vector') or '-'}"
        dl = "-"
        if ok(o) and ok(p):
            dl = f"{'yes' if o['deadlock'] else 'no'} / {'yes' if p['errors'] else 'no'}"
        out.append(f"| {r['name']} | {states_cell(o)} | {fmt_int(o['transitions']) if ok(o) else '-'} "
                   f"| {nosym_cell(r, 'states')} | {states_cell(q)} | {same_check(r)} | {states_cell(p)} "
                   f"| {fmt_int(p['transitions']) if ok(p) else '-'} | {keeps} | {vec} | {dl} |")
    out.append("")
    out.append("| case | ours | ours --no-symmetry | SPIN search | SPIN end to end | SPIN no-POR search "
               "| ours/SPIN search | ours/SPIN e2e | unreduced ours/SPIN no-POR | peak MB ours / SPIN |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in fr:
        o, p, q, u = r.get("ours"), r.get("por"), r.get("nopor"), unreduced(r)
        t = e2e(r)
        mem = f"{fmt_mb(o['rss_kb']) if ok(o) else '-'} / {fmt_mb(p['rss_kb']) if ok(p) else '-'}"
        out.append(f"| {r['name']} | {verdict_cell(o)} | {nosym_cell(r, 'time')} | {verdict_cell(p)} "
                   f"| {fmt_time(t)} | {verdict_cell(q)} | {fmt_ratio(wall(o), wall(p))} "
                   f"| {fmt_ratio(wall(o), t)} | {fmt_ratio(wall(u), wall(q))} | {mem} |")
    out.append("")
    out.append("| case | ours --no-counts states | transitions | ours --no-counts | SPIN POR states "
               "| SPIN search | ours --no-counts / SPIN search | --no-counts --no-symmetry states "
               "| --no-counts --no-symmetry | its / SPIN search | same answers as counting? |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|")
    for r in fr:
        c, n, p = r.get("ours_nc"), r.get("ours_nc_nosym"), r.get("por")
        out.append(f"| {r['name']} | {states_cell(c)} | {fmt_int(c['transitions']) if ok(c) else '-'} "
                   f"| {verdict_cell(c)} | {states_cell(p)} | {verdict_cell(p)} "
                   f"| {fmt_ratio(wall(c), wall(p))} | {same_cell(n, states_cell(n))} "
                   f"| {same_cell(n, verdict_cell(n))} | {same_cell(n, fmt_ratio(wall(n), wall(p)))} "
                   f"| {answers_agree(r.get('ours'), c)} |")
    out.append("")
    out.append("| case | store B/state ours | ours --no-symmetry | ours --no-counts "
               "| SPIN B/stored state | peak RSS/state ours | ours --no-symmetry | ours --no-counts "
               "| SPIN POR | SPIN no-POR |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in fr:
        o, n, c, p, q = (r.get(k) for k in ("ours", "ours_nosym", "ours_nc", "por", "nopor"))
        sb = row_spin_bps(r)
        out.append(f"| {r['name']} | {fmt_num(store_bps(o))} | {same_cell(n, fmt_num(store_bps(n)))} "
                   f"| {fmt_num(store_bps(c))} | {fmt_num(sb)} | {fmt_num(rss_bps(o))} "
                   f"| {same_cell(n, fmt_num(rss_bps(n)))} | {fmt_num(rss_bps(c))} "
                   f"| {fmt_num(rss_bps(p))} | {fmt_num(rss_bps(q))} |")
    out.append("")
    return "\n".join(out)


TABLE_NOTES = f"""How to read the tables. Four per family.

1. Counts: the states (symmetry classes where our symmetry reduction applies) and edges we
count; our states without symmetry reduction (run only where the reduction changed the
count, else "(same)"); SPIN's states without its partial-order reduction (`same?`: our
unreduced states = SPIN's, and SPIN's transitions = our unreduced edges + 1, i.e. the two
files are one program); SPIN's states and transitions (stored + matched) with its
reduction, and the share of states it keeps; the size of one state unpacked (ours from
`--disasm`, SPIN's `State-vector`); whether each found the deadlock.
2. Times, with counts: median wall time (n runs; fork to exit) of ours, of ours without
symmetry reduction, of SPIN's search, SPIN end to end (`spin -a` + `cc -O2`, built once,
+ the search), SPIN's search without reduction; the ratios ours / SPIN (above 1: SPIN
faster), the last one engine against engine on the same states (both unreduced); peak
RSS.
3. The reduced searches: ours with `--no-counts` (partial-order reduction, with symmetry
where it applies; no counts, like SPIN) against SPIN's default (POR) search; the same
without symmetry where symmetry applies (POR against POR); and whether `--no-counts` gave
the same outcomes, deadlock and errors as the counting run.
4. Memory: our store's bytes per state (`stats.bytes_per_state`: the visited set and the
packed states, from {STORE_MIN_STATES:,} states up: below that the store's first chunk
and table dominate) and SPIN's bytes per stored state (`state-vector as stored` +
overhead, or where pan does not print that line, on small searches, its `actual memory
usage for states` / states; its hash table, a fixed 128 MiB at `-w24`, comes on top);
peak RSS / states, from {BPS_MIN_STATES:,} states up (below that the fixed cost
dominates: pan's 128 MiB hash table, our few MB). Our peak RSS also holds the edges,
the BFS parents and the counting arrays, which SPIN does not keep.
"""

RUN_LABELS = {"ours": "", "ours_nosym": " --no-symmetry", "ours_nc": " --no-counts",
              "ours_nc_nosym": " --no-counts --no-symmetry"}

FAMILY_TITLES = {
    "lost_update": "lost_update_N: `a = x; a = a + 1; x = a; print(x)` in N threads",
    "lost_update_printed": "lost_update_printed_N: the same ending in `printed[id] = x` (two steps)",
    "philosophers": "philosophers_N: left fork, then right (deadlock reachable)",
    "philosophers_ordered": "philosophers_ordered_N: lower-numbered fork first (no deadlock)",
    "peterson": "peterson_R: Peterson's algorithm, 2 threads entering R times",
    "bounded_buffer": "bounded_buffer_K: ring of 2, Semaphores + Lock, 2 producers, 2 consumers, K items each",
}


def find(rows, name):
    for r in rows:
        if r["name"] == name:
            return r
    return None


def headline(rows):
    out = ["| lost_update N | ours states | ours | ours --no-counts states | ours --no-counts "
           "| ours --no-symmetry states | ours --no-symmetry | SPIN POR states | SPIN search "
           "| SPIN end to end | ours/SPIN search | ours --no-counts/SPIN search | peak MB ours / SPIN |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in (5, 6, 7, 8):
        r = find(rows, f"lost_update_{n}")
        if not r:
            continue
        o, c, p = r.get("ours"), r.get("ours_nc"), r.get("por")
        t = e2e(r)
        out.append(f"| {n} | {states_cell(o)} | {verdict_cell(o)} | {states_cell(c)} | {verdict_cell(c)} "
                   f"| {nosym_cell(r, 'states')} | {nosym_cell(r, 'time')} | {states_cell(p)} "
                   f"| {verdict_cell(p)} | {fmt_time(t)} | {fmt_ratio(wall(o), wall(p))} "
                   f"| {fmt_ratio(wall(c), wall(p))} "
                   f"| {fmt_mb(o['rss_kb']) if ok(o) else '-'} / {fmt_mb(p['rss_kb']) if ok(p) else '-'} |")
    return "\n".join(out) + "\n"


def pct(a, b):
    return f"{100 * a / b:.0f}%" if a and b else "-"


def faster(f):
    return ("about equally fast" if 0.8 <= f <= 1.25 else
            (f"SPIN {f:.1f}x faster" if f > 1 else f"ours {1 / f:.1f}x faster"))


def headline_text(rows, refs):
    out = []
    lu = [r for r in rows if r["family"] == "lost_update"]
    both = [r for r in lu if ok(r.get("ours")) and ok(r.get("por"))]
    if both:
        r = max(both, key=lambda r: r["size"])
        o, p = r["ours"], r["por"]
        u = unreduced(r)
        s = (f"With each tool's defaults, at N = {r['size']} (the largest size both finish) ours "
             f"takes {fmt_time(o['wall'])} and SPIN {fmt_time(p['wall'])} to search "
             f"({fmt_time(e2e(r))} end to end). The difference is in the reductions: the N threads "
             "run the same body and never read `id`, so our symmetry reduction explores one "
             f"representative per class of states that differ only by a permutation of the "
             f"threads: {o['states']:,} classes")
        if ok(u):
            s += f" for {u['states']:,} states"
        s += (f", where SPIN's partial-order reduction keeps {p['states']:,}"
              + (f" of the same {r['nopor']['states']:,}" if ok(r.get("nopor")) else "") + ".")
        c, cn = r.get("ours_nc"), unreduced_nc(r)
        if ok(c):
            s += (f" SPIN counts nothing; ours with `--no-counts` (partial-order reduction on top of "
                  f"the symmetry) does the same job in {fmt_time(c['wall'])} over {c['states']:,} "
                  f"classes ({fmt_ratio(c['wall'], p['wall'])} of SPIN's time)")
            if ok(cn) and cn is not c:
                s += (f"; our partial-order reduction alone (`--no-counts --no-symmetry`) keeps "
                      f"{cn['states']:,} states against SPIN's {p['states']:,} and takes "
                      f"{fmt_time(cn['wall'])} ({faster(cn['wall'] / p['wall'])})")
            s += "."
        out.append(s)
    eng = [r for r in lu if ok(unreduced(r)) and ok(r.get("nopor"))]
    if eng:
        r = max(eng, key=lambda r: r["size"])
        u, q = unreduced(r), r["nopor"]
        f = u["wall"] / q["wall"]
        s = (f"Without either reduction (ours `--no-symmetry`, SPIN `-DNOREDUCE`) both explore "
             f"exactly the same {u['states']:,} states at N = {r['size']}, {faster(f)} "
             f"({u['states'] / u['wall']:,.0f} states/s for us, {q['states'] / q['wall']:,.0f} "
             "for SPIN)")
        if store_bps(u) and spin_bps(q):
            s += (f"; a stored state takes {store_bps(u)} bytes in our store and {spin_bps(q)} in "
                  "SPIN's (vector as stored + overhead)")
        if q["states"] >= BPS_MIN_STATES:
            s += (f", and peak RSS is {bps(u):,.0f} bytes per state for us against {bps(q):,.0f} "
                  "for SPIN (we also keep every edge, the parents and the counts)")
        out.append(s + ".")
    tops = [r for r in lu if ok(r.get("ours"))]
    spin_stop = [r for r in lu if r.get("por") and r["por"].get("verdict") not in ("ok", None)]
    if tops and spin_stop:
        t, st = max(tops, key=lambda r: r["size"]), min(spin_stop, key=lambda r: r["size"])
        out.append(f"SPIN stops at N = {st['size']}: {verdict_cell(st['por'])} (the issue's SPIN run at "
                   "N = 7 needed `-DCOLLAPSE`, 330 s and 4.5 GB, for a model whose output is not in "
                   f"the state, smaller than this one). Ours reaches N = {t['size']}: "
                   f"{t['ours']['states']:,} classes in {fmt_time(t['ours']['wall'])}, "
                   f"{fmt_mb(t['ours']['rss_kb'])} MB"
                   + (f" ({fmt_time(t['ours_nc']['wall'])} with `--no-counts`)"
                      if ok(t.get("ours_nc")) else "") + ".")
    ref5, ref6 = find(refs, "lost_update_printf_5"), find(refs, "lost_update_printf_6")
    r5 = find(rows, "lost_update_5")
    if ref5 and ok(ref5.get("por")):
        s = (f"The issue's 164,352 states at N = 5 are SPIN's on the model that prints with "
             f"`printf` (reproduced here: {ref5['por']['states']:,} in {fmt_time(ref5['por']['wall'])}")
        if ref6 and ok(ref6.get("por")) and ok(ref6.get("nopor")):
            s += (f"; at N = 6 {ref6['por']['states']:,} in {fmt_time(ref6['por']['wall'])}, "
                  f"{ref6['nopor']['states']:,} in {fmt_time(ref6['nopor']['wall'])} without "
                  "reduction, against the issue's 3.9 M / 3 s and 8.0 M / 11 s, so this machine "
                  "is comparable to the issue's")
        s += ")."
        if r5 and ok(r5.get("por")):
            s += (f" With the output in the state, as ours has it, SPIN stores "
                  f"{r5['por']['states']:,} at N = 5.")
        out.append(s)
    return "\n\n".join(out) + "\n"


# ---- the targets (issue 7) ------------------------------------------------------------

def targets(data):
    """[(target, measured, met)] with met True, False or None (not measured)."""
    rows, tr = data["rows"], data.get("targets") or {}
    T = []

    def mb(r):
        return f"{fmt_mb(r['rss_kb'])} MB peak"

    # (a) engine against engine, same state space
    eng = [r for r in rows if same_check(r) == "yes" and r["nopor"]["wall"] * 1000 > SPIN_MIN_MS]
    if eng:
        ratios = sorted(((unreduced(r)["wall"] / r["nopor"]["wall"], r) for r in eng),
                        key=lambda x: -x[0])
        f, w = ratios[0]
        over = [r["name"] for v, r in ratios if v > 1.0]
        m = (f"worst row {w['name']}: {f:.2f} (ours{' --no-symmetry' if unreduced(w) is not w['ours'] else ''} "
             f"{fmt_time(unreduced(w)['wall'])}, SPIN {fmt_time(w['nopor']['wall'])}, "
             f"{w['nopor']['states']:,} states); median {statistics.median(v for v, _r in ratios):.2f} "
             f"over {len(ratios)} rows" + (f"; over 1.0: {', '.join(over)}" if over else ""))
        T.append(("(a) no reduction on either side (ours `--no-symmetry`, SPIN `-DNOREDUCE`), same "
                  f"states: ours / SPIN search <= 1.0 on every row where SPIN takes over "
                  f"{SPIN_MIN_MS:.0f} ms", m, not over))
    else:
        T.append(("(a) no reduction on either side: ours / SPIN <= 1.0", "no row where both finished",
                  None))

    # (b) lost_update_6, print and counts, symmetry on
    b, br = tr.get("b"), tr.get("b_races")
    if b:
        m = (f"{verdict_cell(b)}: `explore bench/programs/lost_update_6.yaml --no-races` (text report, "
             f"counts, symmetry on: {fmt_int(b.get('states'))} classes)")
        if br:
            m += (f". With the CLI's defaults (race detection on, symmetry kept): "
                  f"{verdict_cell(br)}, {fmt_int(br.get('states'))} classes, "
                  f"{'met' if ok(br) and br['wall'] < 1 else 'not met'} in that form")
        T.append(("(b) lost_update_6 with print and counts, symmetry on: < 1 s", m,
                  ok(b) and b["wall"] < 1.0))

    # (c) lost_update_7 complete < 10 s within 4 GB
    c = tr.get("c")
    if c:
        good = ok(c) and c["wall"] < 10 and c["rss_kb"] < 4 * 1024 * 1024
        m = (f"{verdict_cell(c)}, {mb(c) if c.get('rss_kb') else '-'}, {fmt_int(c.get('states'))} "
             "classes, `--no-races --max-memory 4G`" if ok(c) else verdict_cell(c))
        T.append(("(c) lost_update_7 complete (counts) < 10 s within 4 GB", m, good))

    # (d) lost_update_8 with symmetry < 10 s
    r8 = find(rows, "lost_update_8")
    if r8:
        o = r8.get("ours")
        m = (f"{verdict_cell(o)}, {mb(o)}, {fmt_int(o.get('states'))} classes (the table's run, "
             "`--no-races`)" if ok(o) else verdict_cell(o))
        if ok(r8.get("ours_nc")):
            m += f"; with `--no-counts` {verdict_cell(r8['ours_nc'])}"
        T.append(("(d) lost_update_8 with symmetry < 10 s", m, ok(o) and o["wall"] < 10))

    # (e) philosophers_8: the deadlock found < 50 ms
    e, ec = tr.get("e"), tr.get("e_counts")
    if e:
        m = (f"{verdict_cell(e)}: `explore bench/programs/philosophers_8.yaml --no-counts`, the "
             f"reduced search ({fmt_int(e.get('states'))} states"
             + (f"; the report's own time {e['inner_seconds']:.2f} s, the rest is starting the "
                "process, loading the program and printing"
                if e.get("inner_seconds") is not None and e["inner_seconds"] <= e["wall"] else "")
             + f"), deadlock {'found' if e.get('deadlock') else '**not found**'}")
        if ec:
            m += (f"; the default (counting) search: {verdict_cell(ec)}, {fmt_int(ec.get('states'))} "
                  f"states, deadlock {'found' if ec.get('deadlock') else '**not found**'}")
        T.append(("(e) philosophers_8 deadlock found < 50 ms", m,
                  ok(e) and e["wall"] < 0.05 and bool(e.get("deadlock"))))

    # (f) the locked counter with 100 threads, exact count < 1 s
    f_ = tr.get("f")
    if f_:
        n = f_.get("threads", 100)
        exact = ok(f_) and f_.get("interleavings") == str(math.factorial(n))
        m = (f"{verdict_cell(f_)}, `explore bench/programs/{f_.get('program')}.yaml` (default options): "
             f"{fmt_int(f_.get('states'))} states ({f_.get('mode') or '?'}), "
             + (f"{n}! = {float(math.factorial(n)):.4g} interleavings, all "
                f"{len(str(math.factorial(n)))} digits exact" if exact else
                f"**count not {n}!**: {str(f_.get('interleavings'))[:40]}"))
        T.append((f"(f) the seeds' locked counter with count: {n}, exact count < 1 s", m,
                  exact and f_["wall"] < 1.0))

    # (g) bytes per stored state <= SPIN's default storage
    cmp = []
    for r in rows:
        sb = row_spin_bps(r)
        if r["family"] != "lost_update" or not sb:
            continue
        for k, label in RUN_LABELS.items():
            v = store_bps(r.get(k))
            if v:
                cmp.append((v / sb, r["name"] + label, v, sb, r[k]["states"]))
    if cmp:
        cmp.sort(key=lambda x: -x[0])
        worst = cmp[0]
        m = (f"worst: {worst[1]} {worst[2]} bytes ({worst[4]:,} states) vs SPIN {worst[3]}; all: "
             + ", ".join(f"{name} {v} / {sp}" for _f, name, v, sp, _n in
                         sorted(cmp, key=lambda x: x[1]))
             + f" (our runs with at least {STORE_MIN_STATES:,} states, against SPIN's bytes per "
             "stored state on the same model; SPIN's hash table comes on top of its figure, ours "
             "is in)")
        T.append(("(g) bytes per stored state <= SPIN's (vector as stored + overhead), lost_update",
                  m, worst[0] <= 1.0))
    return T


def targets_section(data):
    T = targets(data)
    if not T:
        return "Not measured on this run (--quick).\n"
    L = ["| target | measured on this run | met? |", "|---|---|:-:|"]
    for t, m, met in T:
        L.append(f"| {t} | {m} | {'-' if met is None else ('met' if met else '**not met**')} |")
    n_met = sum(1 for _t, _m, met in T if met)
    L.append("")
    L.append(f"{n_met} of {len(T)} met. Every figure above is from this run (medians, n runs; times "
             "from fork to exit, so they include loading the program and writing the report). "
             "Ours runs with `--no-races` where the row says so (and in the tables): race "
             "detection off, as SPIN does not look for races either.\n")
    return "\n".join(L)


def compact_section(data):
    rows, comp = data["rows"], data.get("compact") or []
    if not comp:
        return ""
    L = ["`--compact` keeps a 64-bit fingerprint per state instead of the state (the BFS queue "
         "still holds the packed states it has not expanded yet); a fingerprint collision could "
         "omit a state, with the probability bound the report gives. Set against the exact run "
         "of the same options from the tables:\n",
         "| case | options | states exact / compact | store B/state exact / compact "
         "| time exact / compact | peak MB exact / compact | omission probability | same states and answers? |",
         "|---|---|---:|---:|---:|---:|---:|:-:|"]
    for c in comp:
        r = find(rows, c["name"]) or {}
        key = "ours_nosym" if "--no-symmetry" in c["extra"] else "ours"
        e = r.get(key) or {}
        if e.get("verdict") == "same":
            e = r.get("ours")
        k = c["run"]
        same = "-"
        if ok(e) and ok(k):
            same = ("yes" if e["states"] == k["states"] and e["transitions"] == k["transitions"]
                    and answers_agree(e, k) == "yes" else "**no**")
        om = k.get("omission")
        out_e = f"{fmt_int(e.get('states')) if ok(e) else '-'} / {states_cell(k)}"
        L.append(f"| {c['name']} | `--compact{' ' + ' '.join(c['extra']) if c['extra'] else ''}` "
                 f"| {out_e} | {e.get('store_bps') if ok(e) else '-'} / {k.get('store_bps') if ok(k) else '-'} "
                 f"| {fmt_time(wall(e))} / {verdict_cell(k)} "
                 f"| {fmt_mb(e['rss_kb']) if ok(e) else '-'} / {fmt_mb(k['rss_kb']) if ok(k) else '-'} "
                 f"| {f'{om:.2g}' if om is not None else '-'} | {same} |")
    big = [(c, find(rows, c["name"])) for c in comp if ok(c["run"])]
    big = [(c, r) for c, r in big if r]
    if big:
        c, r = max(big, key=lambda cr: cr[0]["run"]["states"])
        key = "ours_nosym" if "--no-symmetry" in c["extra"] else "ours"
        e = r.get(key) if (r.get(key) or {}).get("verdict") != "same" else r.get("ours")
        k = c["run"]
        if ok(e) and e.get("store_bps") and k.get("store_bps"):
            L.append("")
            L.append(f"On the largest, {c['name']}{' ' + ' '.join(c['extra']) if c['extra'] else ''} "
                     f"({k['states']:,} states), compaction takes the store from {e['store_bps']} to "
                     f"{k['store_bps']} bytes a state, but peak RSS only from {fmt_mb(e['rss_kb'])} to "
                     f"{fmt_mb(k['rss_kb'])} MB ({bps(e):,.0f} to {bps(k):,.0f} bytes a state): the "
                     f"other {bps(k) - k['store_bps']:,.0f} bytes a state are the edges, the parents "
                     "and the counting arrays (and the queue of packed states not yet expanded), "
                     f"which compaction does not shrink; time {fmt_time(e['wall'])} exact, "
                     f"{fmt_time(k['wall'])} compact.")
    return "\n".join(L) + "\n"


def correspondence_text(rows):
    both = [r for r in rows if same_check(r) != "-"]
    same = [r for r in both if same_check(r) == "yes"]
    differ = [r["name"] for r in both if r not in same]
    return f"""Each Promela model is our program written step for step (the rules are at the top of
`bench/gen.py`): every one of our steps is one SPIN transition. The check: with both
reductions off (ours `--no-symmetry`, SPIN `-DNOREDUCE`) SPIN must store exactly the states
we count and make exactly our transitions (its `transitions` = stored + matched = our edges
+ 1, the initial state). On this run that held for **{len(same)} of {len(both)}** cases
where both finished{': ' + ', '.join(differ) + ' differ' if differ else ''}.

For the counts to be equal the models have to match what our state holds, and these are
the differences to keep in mind when reading any other ours-vs-SPIN figure:

- **The output is part of our state** (an interned sequence: runs that printed different
  things are different states). SPIN's `printf` is not state; the equivalent is a global
  array `out[N]` and a counter. SPIN also drops variables that are only ever written
  (`out`, `printed`) from its state vector unless `spin -o2` is given, which quietly turns
  the model back into the printf one. So the issue's 164,352 states at N = 5 are a
  different, smaller program: runs that differ only in what they printed collapse.
- **Finished threads forget their locals** (our machine clears the frame). A SPIN process
  keeps its locals, and a terminated process is deleted by an extra step, and only once
  every later-created process has terminated. The models zero their locals in their last
  step and then wait at `end: false` (a valid end state), which is exactly our "done".
- **Values on our operand stack between the steps of one statement** (`inside += 1`
  reads, then writes; `printed[id] = x` reads x, then writes) are Promela locals that the
  second step zeroes, as our machine clears its stack above the top.
- Locks hold their holder in both (`holder + 1`), semaphores their value, a `for` loop a
  counter that its final check clears: none of these adds or removes states.

With the reductions on, the counts part, each tool in its own way:

- **SPIN's partial-order reduction** stores fewer states where steps are independent: a
  process about to take a step on its own locals only (`a = a + 1`, a `for` header,
  `s = s + v`) takes it alone, without interleaving the others. Steps on globals (shared
  variables, locks, semaphores) all count as dependent, so in the philosophers, where
  every step touches a fork or `ate[i]`, it removes nothing.
- **Our symmetry reduction** stores one state per class of states that differ only by a
  permutation of interchangeable threads (`count:` instances whose code never reads
  `id`), and keeps one edge per thread so that the interleaving counts stay exact. Of
  these programs only lost_update qualifies: `printed[id]`, Peterson and the bounded
  buffer read `id`, and each philosopher has its own body. SPIN has no symmetry
  reduction of its own.
"""


def analysis_text(rows):
    both = [r for r in rows if ok(r.get("ours")) and ok(r.get("por")) and ok(r.get("nopor"))]
    big = [r for r in both if r["nopor"]["states"] >= BPS_MIN_STATES]
    small = [r for r in both if r["nopor"]["states"] < BPS_MIN_STATES]
    L = []
    sym = [r for r in both if (r.get("ours_nosym") or {}).get("verdict") != "same"
           and r["ours"]["states"] < r["nopor"]["states"]]
    sym_big = [r for r in sym if r in big]
    if sym_big:
        L.append("- **Ours wins where its symmetry reduction applies** (lost_update, N identical "
                 "threads): ours / SPIN with each tool's defaults is "
                 + ", ".join(f"{r['name']} {r['ours']['wall'] / r['por']['wall']:.2g} "
                             f"({r['ours']['states']:,} classes vs {r['por']['states']:,} states)"
                             for r in sym_big)
                 + ". The number of classes shrinks by up to N! against the states, while SPIN's "
                 "reduction keeps "
                 + ", ".join(f"{100 * r['por']['states'] / r['nopor']['states']:.0f}%" for r in sym_big)
                 + " of them; the gap widens with N, and beyond SPIN's reach ours goes on (see the "
                 "headline).")
    if big:
        per = [(r["name"], unreduced(r)["wall"] / r["nopor"]["wall"]) for r in big if ok(unreduced(r))]
        if per:
            med = statistics.median(v for _n, v in per)
            verdict = ("about as fast per state as SPIN's compiled verifier" if 0.8 <= med <= 1.25 else
                       f"{'slower' if med > 1 else 'faster'} per state than SPIN's compiled verifier "
                       f"(median factor {med:.2f})")
            L.append("- **Engine against engine, same states** (both reductions off; target (a)), "
                     "ours / SPIN is "
                     + ", ".join(f"{n} {v:.2f}" for n, v in per)
                     + f": on this run ours is {verdict} (timings are noisy on this machine, see "
                     "the load note at the top: read these as factors give or take some tens of "
                     "percent). SPIN compiles each model to C; we interpret bytecode "
                     "but do little per step, and both spend their time in the visited set (see "
                     "the profile).")
        # the reduced searches: ours --no-counts against SPIN's default search
        red = [r for r in big if ok(r.get("ours_nc"))]
        if red:
            rat = [(r["name"], r["ours_nc"]["wall"] / r["por"]["wall"], r["ours_nc"]["states"],
                    r["por"]["states"]) for r in red]
            spin_wins = [n for n, t, _a, _b in rat if t > 1]
            keep_all = [r["name"] for r in red if r["por"]["states"] == r["nopor"]["states"]]
            fewer = [n for n, _t, a, b in rat if a < b]
            L.append("- **Reduced search against reduced search** (ours `--no-counts`, SPIN's "
                     "default; neither counts): ours / SPIN is "
                     + ", ".join(f"{n} {t:.2g} ({a:,} states vs {b:,})" for n, t, a, b in rat)
                     + f". Ours stores fewer states on {len(fewer)} of {len(rat)} of these rows"
                     + (f"; SPIN is faster on {', '.join(spin_wins)}" if spin_wins else
                        "; ours is faster on every one")
                     + ". Our reduction (docs/reduction.md) takes stubborn sets over the "
                     "objects each step touches, so steps on different shared variables or "
                     "different locks are independent; SPIN's treats every step on a global as "
                     "dependent on every other"
                     + (f", so it keeps every state of {', '.join(keep_all)}" if keep_all else "")
                     + ".")
            pn = [(r["name"], unreduced_nc(r), r["por"]) for r in big
                  if ok(unreduced_nc(r)) and unreduced_nc(r) is not r.get("ours_nc")]
            if pn:
                L.append("  Without our symmetry (`--no-counts --no-symmetry`, partial-order "
                         "reduction alone against SPIN's): "
                         + ", ".join(f"{n} {c['states']:,} states vs {p['states']:,}, "
                                     f"{fmt_time(c['wall'])} vs {fmt_time(p['wall'])}"
                                     for n, c, p in pn) + ".")
        nosym = [r for r in big if r not in sym]
        por = [(r["name"], r["por"]["states"] / r["nopor"]["states"], r["ours"]["wall"] / r["por"]["wall"])
               for r in nosym]
        if por:
            spin_wins = [n for n, _k, t in por if t > 1]
            ours_wins = [n for n, _k, t in por if t <= 1]
            L.append("- **With counts (our default) against SPIN's reduced search**, where our "
                     "symmetry has nothing to reduce: ours / SPIN is "
                     + ", ".join(f"{n} {t:.2f} (POR keeps {100 * k:.0f}%)" for n, k, t in por)
                     + ". " + (f"SPIN is faster on {', '.join(spin_wins)}. " if spin_wins else "")
                     + (f"Ours is faster on {', '.join(ours_wins)}. " if ours_wins else "")
                     + "Counting needs every interleaving, so this run explores every state; "
                     "the more steps on locals only (the bounded buffer's `for` headers and "
                     "`s = s + v`), the more SPIN's reduction removes.")
    if small:
        floor_s = min(r["por"]["wall"] for r in small)
        floor_o = max(r["ours"]["wall"] for r in small)
        comp = statistics.median(r["build_por"]["compile"] for r in both
                                 if (r.get("build_por") or {}).get("ok"))
        wins = sum(1 for r in both if e2e(r) and r["ours"]["wall"] < e2e(r))
        hash_mb = [r["por"].get("hash_mb") for r in small if r["por"].get("hash_mb")]
        L.append(f"- **Small models: ours, by far.** Below {BPS_MIN_STATES:,} states ours takes at "
                 f"most {fmt_time(floor_o)}; a SPIN search takes at least {fmt_time(floor_s)} "
                 + (f"(pan zeroes its {max(hash_mb):.0f} MB hash table before it starts)"
                    if hash_mb else "")
                 + f", and SPIN end to end adds {fmt_time(comp)} (median) of `cc -O2`. End to end "
                 f"ours is faster on {wins} of {len(both)} rows. This is the case that matters for "
                 "`check` in CI: many small programs, each explored once.")
    mem = [r for r in big if ok(unreduced(r)) and store_bps(unreduced(r)) and spin_bps(r["nopor"])
           and bps(r["nopor"])]
    if mem:
        r = max(mem, key=lambda r: r["nopor"]["states"])
        u, q = unreduced(r), r["nopor"]
        ours_b, spin_b = store_bps(u), spin_bps(q)
        lead = (f"ours {spin_b / ours_b:.1f}x smaller" if ours_b < spin_b else
                f"SPIN's {ours_b / spin_b:.1f}x smaller" if ours_b > spin_b else "equal")
        s = (f"- **Memory: per stored state {lead}; per state of peak RSS "
             f"{'SPIN' if bps(u) > bps(q) else 'ours'} smaller.** On {r['name']}, both unreduced "
             f"({u['states']:,} states): our store takes {ours_b} bytes a state (the visited set's "
             f"table and the packed state; unpacked the state is {r['state_bytes']} bytes, every "
             "value in an 8-byte slot, but mostly zeros and small values, which the packing "
             f"drops), SPIN {spin_b} (its {q.get('vector')}-byte vector "
             + (f"stored as {q['stored_bytes']} + {q['overhead_bytes']} bytes of overhead"
                if q.get("stored_bytes") is not None else "with its overhead")
             + (f"; its {q['hash_mb']:.0f} MB hash table comes on top, "
                f"{q['hash_mb'] * 2**20 / q['states']:,.0f} bytes a state here" if q.get("hash_mb") else "")
             + "). Peak RSS per state is "
             f"{bps(u):,.0f} bytes for us against {bps(q):,.0f} for SPIN: besides the store we keep "
             f"every edge ({u['transitions'] / u['states']:.1f} per state here), the BFS parents "
             "and, at the end, the counting arrays, which exact counts and shortest traces need; "
             "SPIN keeps no edges (it counts nothing) and its stack holds only the current path.")
        pairs = [(x["name"] + RUN_LABELS[k], store_bps(x.get(k)), row_spin_bps(x))
                 for x in rows for k in RUN_LABELS
                 if store_bps(x.get(k)) and row_spin_bps(x)]
        over = [f"{n} {a} vs {b}" for n, a, b in pairs if a > b]
        if pairs:
            s += (f" Over every run of ours with at least {STORE_MIN_STATES:,} states, our store "
                  f"takes fewer bytes a state than SPIN stores on the same model in "
                  f"{len(pairs) - len(over)} of {len(pairs)}"
                  + (f"; more in {', '.join(over)} (the store grows by doubling its table and "
                     "by chunks of packed states of up to 4 MiB, so at these sizes the figure "
                     "swings with where a run stops)" if over else "") + ".")
        c = unreduced_nc(r)
        if ok(c) and rss_bps(c) and c is not r.get("ours"):
            s += (f" Without counts (`--no-counts{' --no-symmetry' if c is not r.get('ours_nc') else ''}`"
                  f", {c['states']:,} states) ours peaks at {rss_bps(c):,.0f} bytes a state.")
        L.append(s)
    L.append("- **Not the same answer.** SPIN says whether an assertion violation or invalid end "
             "state is reachable (and checks LTL); ours also lists every outcome with its exact "
             "number of interleavings, names each blocked thread of a deadlock, gives shortest "
             "traces and, without `--no-races` (these timings use it), finds data races (their "
             "cost is the race analysis section's). Exact "
             "counts are why the default run keeps every state and edge; `--no-counts` gives the "
             "same outcomes, deadlocks, errors and races without them (the tables' last "
             "check), which is SPIN's kind of answer.")
    return "\n".join(L) + "\n"


def own_checks_text(data):
    """Our runs against each other: --no-counts and --compact must give the
    counting run's answers (and --compact its states)."""
    rows, comp = data["rows"], data.get("compact") or []
    pairs = []
    for r in rows:
        pairs.append((r["name"] + " --no-counts", answers_agree(r.get("ours"), r.get("ours_nc"))))
        n, cn = r.get("ours_nosym"), r.get("ours_nc_nosym")
        if (n or {}).get("verdict") != "same":
            pairs.append((r["name"] + " --no-counts --no-symmetry", answers_agree(n, cn)))
    checked = [p for p in pairs if p[1] != "-"]
    bad = [n for n, v in checked if v != "yes"]
    s = (f"Our own runs against each other: `--no-counts` gave the same outcomes (status, output, "
         f"final values), deadlock and errors as the counting run on **{len(checked) - len(bad)} of "
         f"{len(checked)}** pairs where both finished"
         + (f" (differ: {', '.join(bad)})" if bad else ""))
    cc = []
    for c in comp:
        r = find(rows, c["name"]) or {}
        e = r.get("ours_nosym" if "--no-symmetry" in c["extra"] else "ours") or {}
        if e.get("verdict") == "same":
            e = r.get("ours")
        if ok(e) and ok(c["run"]):
            same = (e["states"] == c["run"]["states"] and answers_agree(e, c["run"]) == "yes")
            cc.append((c["name"] + (" " + " ".join(c["extra"]) if c["extra"] else ""), same))
    if cc:
        badc = [n for n, v in cc if not v]
        s += (f"; `--compact` the same states and answers as the exact run on **{len(cc) - len(badc)} "
              f"of {len(cc)}**" + (f" (differ: {', '.join(badc)})" if badc else ""))
    return s + ".\n"


def profile_section(prof):
    if not prof or not prof.get("tool"):
        return "No profiler was usable on this machine (neither `perf` nor valgrind), so no profile.\n"
    out = []
    if prof["tool"] == "perf":
        c = prof.get("counters", {})
        out.append(f"`perf record -F {prof.get('hz', 499)}"
                   f"{' --call-graph dwarf' if prof.get('parts') else ''}` under `perf stat`, one run "
                   f"of `interleave explore bench/programs/{prof['case']}.yaml --json --no-races` "
                   "(the binary of this run, `-O2 -g`; the profiler slows it down).")
        bits = []
        if c.get("task-clock"):
            bits.append(f"{c['task-clock'] / 1000:.1f} s task-clock")
        if c.get("page-faults"):
            bits.append(f"{c['page-faults'] / 1e6:.2f} M page faults")
        if c.get("instructions") and c.get("cycles"):
            bits.append(f"IPC {c['instructions'] / c['cycles']:.2f}")
        if c.get("cache-misses"):
            bits.append(f"{c['cache-misses'] / 1e6:.0f} M cache misses")
        if bits:
            out.append("Counters: " + ", ".join(bits) + "."
                       + (f" Not available on this machine (a VM): {', '.join(prof['unsupported'])}."
                          if prof.get("unsupported") else ""))
        if prof.get("dsos"):
            out.append("By object: " + ", ".join(f"{d} {p:.1f}%" for p, d in prof["dsos"]) + ".")
        out.append("")
    else:
        out.append(f"`valgrind --tool=callgrind` on `{prof['case']}` (self cost per function):\n")
    parts = (prof.get("parts") or {}).get("parts")
    if parts:
        out.append(f"By part of ours ({prof['parts']['samples']:,} samples; a sample counts for the "
                   "innermost function of ours on its call stack that marks a part, so `memcmp` "
                   "called by the store counts for the store and called by `canonicalize` for "
                   "symmetry; in libc, in the kernel: the points of the part's share spent there "
                   "on its behalf):\n")
        out.append("| part | % of samples | in libc | in the kernel | where (innermost function, % of all samples) |")
        out.append("|---|---:|---:|---:|---|")
        for part, p_, lc, kn, leaves in parts:
            where = ", ".join(f"`{sym}` {v:.1f}" for sym, v in leaves)
            out.append(f"| {part} | {p_:.1f} | {lc:.1f} | {kn:.1f} | {where} |")
        out.append("")
    out.append("Flat profile (self time):\n")
    out.append("| self % | function |")
    out.append("|---:|---|")
    for pct_, kernel, sym in prof.get("top", [])[:18]:
        out.append(f"| {pct_:.1f} | `{sym}`{' (kernel)' if kernel else ''} |")
    out.append("")
    if prof.get("hot"):
        out.append(f"Inside `{prof['hot_symbol']}` (`perf annotate`; a sample is charged to the "
                   "instruction after the one that stalled, so the previous instruction is shown):\n")
        out.append("| % of it | instruction | after | source line |")
        out.append("|---:|---|---|---|")
        for p_, ins, prev, src in prof["hot"]:
            out.append(f"| {p_:.1f} | `{ins}` | `{prev}` | `{src}` |")
        out.append("")
    return "\n".join(out)


def profile_text(prof, rows):
    if not prof or not prof.get("tool"):
        return ""
    top = prof.get("top", [])
    parts = {p: (s, lc, kn, lv) for p, s, lc, kn, lv in ((prof.get("parts") or {}).get("parts") or [])}

    def self_share(*keys):
        return sum(p for p, _k, sym in top if any(k in sym for k in keys))

    def part(name, *fallback):
        """A part's share: from the call stacks, else the flat profile's self time."""
        if parts:
            return parts.get(name, (0.0, 0.0, 0.0, []))[0]
        return self_share(*fallback)

    def leaves(name):
        lv = parts.get(name, (0, 0, 0, []))[3] if parts else []
        return ", ".join(f"`{sym}` {v:.0f}%" for sym, v in lv[:4])
    if not top and not parts:
        return "The run was too short to collect samples.\n"
    kernel = sum(p for p, k, _s in top if k)
    for p_, d in prof.get("dsos", []):
        if "kernel" in d:
            kernel = p_
    store = part("state store", "lookup", "pack", "XXH", "il_store", "unpack", "memcmp")
    canon = part("symmetry", "canonicalize")
    interp = part("interpreter", "exec", "il_step")
    outputs = part("outputs and outcomes", "intern_out", "intern_str", "outcome")
    counting = part("counting", "count")
    rest = part("the rest of the explorer", "explore_graph", "add_successor", "il_explore")
    case = find(rows, prof["case"]) or {}
    o = case.get("ours") or {}
    L = ["What dominates:\n"]
    succ = ""
    if ok(o) and o.get("states") and o.get("transitions"):
        seen = 1 - (o["states"] - 1) / o["transitions"]
        succ = (f" Every successor ({o['transitions'] / o['states']:.1f} per state here) is packed, "
                f"hashed and looked up; {100 * seen:.0f}% of them are states already seen.")
    L.append(f"- **The state store: {store:.0f}%**" + (f" ({leaves('state store')})" if parts else "")
             + f".{succ}")
    hot = prof.get("hot") or []
    if prof.get("hot_symbol") == "lookup" and hot:
        p0, _ins, _prev, src = hot[0]
        line, code = (src.split(":", 1) + [""])[:2]
        slot = "t[p]" in code
        among = (f", a random slot of a table with more slots than the {o['states']:,} states"
                 if ok(o) and o.get("states") else ", a random slot")
        L.append(f"  Inside `lookup`, {p0:.0f}% of its samples land on one load: "
                 + (f"the table slot `t[p]` (store.c line {line}){among}: a cache miss per successor. "
                    "The slot holds 32 bits of the hash beside the id, so a probe "
                    "rejects other states without reading them; the packed bytes are read (the "
                    "`memcmp`) only when the tag matches, which for a state already seen is the "
                    "state itself. The previous visited set read a separate array of hashes on "
                    "every probe, a second dependent miss; that one is gone."
                    if slot else f"`{code.strip()}` (store.c line {line})")
                 + " (The VM exposes no hardware counters, so the misses are inferred from where "
                 "the samples land, not counted.)")
    if canon >= 1:
        L.append(f"- **Symmetry: {canon:.0f}%**" + (f" ({leaves('symmetry')})" if parts else "")
                 + ": putting every successor in its class's canonical form, comparing the "
                 "interchangeable threads' blocks and copying them into order.")
    if outputs >= 1:
        L.append(f"- **Outputs and outcomes: {outputs:.0f}%**"
                 + (f" ({leaves('outputs and outcomes')})" if parts else "")
                 + ": each `print` step interns the printed line and the new output sequence; "
                 "at the end the outcomes are built and sorted.")
    L.append(f"- **The interpreter: {interp:.0f}%**" + (f" ({leaves('interpreter')})" if parts else "")
             + ": running a step is cheap next to storing its result.")
    if counting >= 0.5:
        L.append(f"- **Counting: {counting:.0f}%**: the exact counts over the graph, once, at the end.")
    if parts and rest >= 1:
        L.append(f"- **The rest of the explorer: {rest:.0f}%** ({leaves('the rest of the explorer')}): "
                 "the BFS loop, copying the state for each step, the edges and parents.")
    kin_store = parts.get("state store", (0, 0, 0, []))[2] if parts else None
    L.append(f"- **The kernel: {kernel:.0f}%** in all, mostly zeroing pages touched for the first "
             "time (`clear_page_erms`, `exc_page_fault`)"
             + (f"; {kin_store:.0f} points of it for the store (new chunks of packed states, the "
                "table when it doubles)" if kin_store else "")
             + ". It grows with the bytes kept per state.")
    # conclusions, from the shares above
    shares = {"the store": store, "symmetry": canon, "the interpreter": interp,
              "outputs and outcomes": outputs, "the rest of the explorer": rest}
    biggest = max(shares, key=shares.get)
    concl = []
    if biggest == "the store":
        concl.append(f"the store is still where the time goes ({store:.0f}%), and in it the "
                     "probe's first load: the successors of one state are independent lookups, "
                     "so prefetching all their slots before probing any would overlap those "
                     "misses instead of taking them one after another")
    else:
        concl.append(f"the store is no longer the largest part ({store:.0f}%; {biggest} "
                     f"{shares[biggest]:.0f}%)")
    if canon >= 10:
        concl.append(f"symmetry's canonical form takes {canon:.0f}%: a step changes one "
                     "thread's block, so moving that one block into place would replace the "
                     "compare-and-copy of all of them")
    concl.append(f"the interpreter ({interp:.0f}%) is not worth optimising")
    L.append("\nSo " + "; ".join(concl) + ".\n")
    return "\n".join(L)


def write_report(data):
    meta, rows, refs, prof = data["meta"], data["rows"], data["reference"], data["profile"]
    L = ["# Benchmarks: interleave vs SPIN\n"]
    L.append(f"Written by `make bench` (bench/run.py) on {meta['started']}"
             f"{' in --quick mode (1 run a row, small sizes only)' if meta.get('quick') else ''}. "
             "Do not edit: rerun it. Method and models: [README.md](README.md); the programs: "
             "`programs/` (ours) and `promela/` (SPIN).\n")
    L.append(f"- machine: {meta['cpu']}, {meta['cores']} cores, {meta['mem_gb']} GiB, "
             f"Linux {meta['kernel']}; {meta['cc']}; {meta['spin']}")
    L.append(f"- interleave at commit {meta['commit']}"
             f"{' plus uncommitted changes in sim/' if meta.get('dirty') else ''}, built by the "
             "Makefile (`-O2 -g`) and copied at the start of the run; run with `--no-races` "
             "unless a target says otherwise")
    L.append(f"- load average {meta['load_start'][0]:.2f} at the start, {meta['load_end'][0]:.2f} at "
             f"the end (on {meta['cores']} cores): other developers' builds and tests ran on this "
             "machine at the same time, so timings are noisy (expect some tens of percent between "
             "runs); state counts are exact")
    L.append(f"- median of up to {meta['reps']} runs, fewer once one tool has spent "
             f"{meta['row_budget']:.0f} s on a row (n in the tables); {meta['limit']:.0f} s and "
             f"{meta['memlim_mb']} MB a run; a size predicted to take longer than that gets one "
             f"{meta['probe']:.0f} s probe, shown as a timeout, and the sizes above it are not run; "
             f"the whole run took {meta['total_seconds'] / 60:.1f} min\n")
    L.append("## Targets (issue 7)\n")
    L.append(targets_section(data))
    L.append("## Race analysis: the defaults against `--no-races` (issue 13)\n")
    L.append(races_section(data))
    L.append("## Headline: lost_update, ours vs SPIN\n")
    L.append(headline(rows))
    L.append(headline_text(rows, refs))
    L.append("## Analysis: where we win, where SPIN wins, why\n")
    L.append(analysis_text(rows))
    if data.get("compact"):
        L.append("## Hash compaction (`--compact`)\n")
        L.append(compact_section(data))
    L.append("## Profile of ours: what dominates\n")
    L.append(profile_section(prof))
    L.append(profile_text(prof, rows))
    L.append("## How the state counts correspond\n")
    L.append(correspondence_text(rows))
    L.append(own_checks_text(data))
    L.append("## Tables per family\n")
    L.append(TABLE_NOTES)
    for fam in FAMILY_TITLES:
        if any(r["family"] == fam for r in rows):
            L.append(f"### {FAMILY_TITLES[fam]}\n")
            L.append(family_tables(rows, fam))
    if refs:
        L.append("## The issue's reference model (SPIN only)\n")
        L.append("`record x` written as `printf`, which is not part of SPIN's state: the model behind "
                 "the issue's figures. Not the same program as ours; run to check that this machine "
                 "reproduces them.\n")
        L.append("| model | SPIN POR states | search | SPIN no-POR states | search |")
        L.append("|---|---:|---:|---:|---:|")
        for r in refs:
            p, q = r.get("por"), r.get("nopor")
            L.append(f"| {r['name']} | {states_cell(p)} | {verdict_cell(p)} | {states_cell(q)} "
                     f"| {verdict_cell(q)} |")
        L.append("")
    with open(RESULTS_MD, "w") as f:
        f.write("\n".join(L).rstrip() + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 run a row, small sizes only")
    ap.add_argument("--report-only", action="store_true", help="rewrite RESULTS.md from results.json")
    ap.add_argument("--no-profile", action="store_true", help="skip the perf/callgrind profile")
    args = ap.parse_args()
    if args.report_only:
        with open(RESULTS_JSON) as f:
            data = json.load(f)
    else:
        for tool in ("spin", "cc"):
            if not shutil.which(tool):
                sys.exit(f"bench: `{tool}` is not installed (apt-get install -y spin gcc)")
        if not os.access(BUILT, os.X_OK):
            sys.exit("bench: ./interleave is not built (make interleave)")
        # one binary for the whole run, whatever is rebuilt meanwhile
        global OURS, MEASURE
        bindir = tempfile.mkdtemp(prefix="interleave-bin-")
        OURS = os.path.join(bindir, "interleave")
        shutil.copy2(BUILT, OURS)
        MEASURE = build_measure(bindir)
        try:
            OURS_FLAGS[:] = ours_flags()
            data = collect(args)
        finally:
            shutil.rmtree(bindir, ignore_errors=True)
        with open(RESULTS_JSON, "w") as f:
            json.dump(data, f, indent=1)
    write_report(data)
    log(f"bench: wrote {os.path.relpath(RESULTS_MD, ROOT)}")


if __name__ == "__main__":
    main()
