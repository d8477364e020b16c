#!/usr/bin/env python3
"""run.py - runs the benchmark suite with interleave and with SPIN on this
machine and writes bench/RESULTS.md (and the raw figures, bench/results.json).

    python3 bench/run.py                 # what `make bench` runs
    python3 bench/run.py --quick         # 1 run per row, small sizes: a smoke test
    python3 bench/run.py --report-only   # rewrite RESULTS.md from results.json

What runs (bench/README.md says why):
- ours: `./interleave explore P.yaml --json --no-races --max-seconds LIMIT`
  (symmetry reduction on), and with `--no-symmetry` where that changes the
  count, for the state-count check;
- SPIN, as people would run it: `spin -o2 -a P.pml; cc -O2 -DMEMLIM=8000 pan.c;
  ./pan -m100000 -c0 -n` (partial-order reduction and statement merging on;
  -o2 only keeps the output arrays in the state vector, see gen.py);
- SPIN without its reduction: the same with -DNOREDUCE, which must find
  exactly our unreduced number of states (the check that both files are one
  program).

Timing: every run is timed from outside (fork to exit) and its peak RSS is
read from wait4(); a row's time is the median of up to REPS runs, fewer when
the runs of that row already took ROW_BUDGET seconds (the table gives n).
A run gets LIMIT seconds (ours stops itself with --max-seconds, pan is sent
SIGINT and prints what it stored so far). A size whose predicted time (the
previous size's time times its growth in states) is over LIMIT gets one
probe run of PROBE seconds, reported as a timeout; the sizes after a timeout
or out-of-memory are not run. Everything runs one at a time; a verifier is
built (and its build timed) when a row first needs it.
"""
import argparse
import json
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
ROW_BUDGET = 12.0   # seconds one tool may spend on one row before it stops repeating
LIMIT = 60.0        # seconds one run may take
PROBE = 10.0        # seconds of the one run of a size predicted over LIMIT
MEMLIM_MB = 8000    # pan -DMEMLIM and our address-space limit
PAN_DEPTH = 100000
BPS_MIN_STATES = 100000  # below this, peak RSS is mostly fixed cost: no bytes/state

OURS = os.path.join(ROOT, "interleave")
OURS_FLAGS = []     # set in main(): ours_flags()
RESULTS_MD = os.path.join(HERE, "RESULTS.md")
RESULTS_JSON = os.path.join(HERE, "results.json")

# SPIN-only reference models: the issue's own figures (printf, output not in the state).
REFERENCE_SIZES = [5, 6]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- running one process ---------------------------------------------------------

def run_measured(cmd, cwd, limit, stop_signal, mem_mb=None):
    """Runs cmd; returns dict(wall, rss_kb, status, stdout, stderr, stopped).
    After `limit` seconds the process gets stop_signal (None: none), and
    30 s later SIGKILL."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()

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
                os.kill(p.pid, stop_signal)
            except ProcessLookupError:
                pass

    def hard():
        stopped.append("killed")
        try:
            os.kill(p.pid, signal.SIGKILL)
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
    out.seek(0)
    err.seek(0)
    return {"wall": wall, "rss_kb": ru.ru_maxrss, "status": p.returncode,
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


def run_ours(yaml_path, limit, extra=()):
    r = run_measured([OURS, "explore", yaml_path, "--json", "--no-races",
                      "--max-seconds", str(int(limit))] + OURS_FLAGS + list(extra),
                     ROOT, limit + 5, signal.SIGTERM, MEMLIM_MB + 512)
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
    res.update(states=st.get("states"), transitions=st.get("transitions"),
               inner_seconds=st.get("seconds"), complete=d.get("complete"),
               deadlock=bool(d.get("deadlocks")), error=bool(d.get("errors")),
               outcomes=len(d.get("outcomes", [])))
    res["verdict"] = "ok" if d.get("complete") else "timeout"
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
            log("    " + brief(row))
            rows.append(row)
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
        # 3. the profile of ours on the largest lost_update case that completed
        meta["bench_seconds"] = time.perf_counter() - t_start
        prof = None if args.no_profile else profile(rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    meta["total_seconds"] = time.perf_counter() - t_start
    meta["load_end"] = os.getloadavg()
    return {"meta": meta, "rows": rows, "reference": refrows, "profile": prof}


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
    for k in ("ours", "por", "nopor", "ours_nosym"):
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
            # one run: perf stat counts the perf record under it (and its small overhead)
            stat = subprocess.run(["perf", "stat", "-x", ",", "-e",
                                   "task-clock,page-faults,cycles,instructions,cache-misses",
                                   "-o", os.path.join(tmp, "stat.txt"), "--",
                                   "perf", "record", "-F", "499", "-o", data, "--"] + cmd,
                                  capture_output=True, text=True)
            counters, unsupported = {}, []
            with open(os.path.join(tmp, "stat.txt")) as f:
                for line in f:
                    p = line.strip().split(",")
                    if len(p) > 3 and not line.startswith("#"):
                        try:
                            counters[p[2]] = float(p[0])
                        except ValueError:
                            unsupported.append(p[2])
            rep = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children",
                                  "--sort", "dso,symbol", "--percent-limit", "0.7"],
                                 capture_output=True, text=True).stdout
            top = []
            for line in rep.splitlines():
                m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[([.k])\]\s+(\S+)", line)
                if m:
                    top.append((float(m.group(1)), m.group(3) == "k", m.group(4), m.group(2)))
            dso = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children",
                                  "--sort", "dso"], capture_output=True, text=True).stdout
            dsos = []
            for line in dso.splitlines():
                m = re.match(r"\s*([\d.]+)%\s+(\S+)", line)
                if m:
                    dsos.append((float(m.group(1)), m.group(2)))
            ours_top = [t for t in top if t[3] == "interleave"]
            hot = perf_annotate(data, ours_top[0][2]) if ours_top else []
            res.update(tool="perf", counters=counters, unsupported=unsupported,
                       top=[t[:3] for t in top[:25]], dsos=dsos[:6], status=stat.returncode,
                       hot_symbol=ours_top[0][2] if ours_top else None, hot=hot)
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
               "| ours/SPIN search | ours/SPIN e2e | unreduced ours/SPIN no-POR | peak MB ours / SPIN "
               "| bytes/state ours / SPIN |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in fr:
        o, p, q, u = r.get("ours"), r.get("por"), r.get("nopor"), unreduced(r)
        t = e2e(r)
        mem = f"{fmt_mb(o['rss_kb']) if ok(o) else '-'} / {fmt_mb(p['rss_kb']) if ok(p) else '-'}"
        bo = f"{bps(o):,.0f}" if ok(o) and o["states"] >= BPS_MIN_STATES else "-"
        bp = f"{bps(p):,.0f}" if ok(p) and p["states"] >= BPS_MIN_STATES else "-"
        out.append(f"| {r['name']} | {verdict_cell(o)} | {nosym_cell(r, 'time')} | {verdict_cell(p)} "
                   f"| {fmt_time(t)} | {verdict_cell(q)} | {fmt_ratio(wall(o), wall(p))} "
                   f"| {fmt_ratio(wall(o), t)} | {fmt_ratio(wall(u), wall(q))} | {mem} | {bo} / {bp} |")
    out.append("")
    return "\n".join(out)


TABLE_NOTES = f"""How to read the tables. First table: the states (symmetry classes where our symmetry
reduction applies) and edges we count; our states without symmetry reduction (run only
where the reduction changed the count, else "(same)"); SPIN's states without its
partial-order reduction (`same?`: our unreduced states = SPIN's, and SPIN's transitions =
our unreduced edges + 1, i.e. the two files are one program); SPIN's states and
transitions (stored + matched) with its reduction, and the share of states it keeps; the
size of one state (ours from `--disasm`, SPIN's `State-vector`); whether each found the
deadlock. Second table: median wall time (n runs; fork to exit) of ours, of ours without
symmetry reduction, of SPIN's search, SPIN end to end (`spin -a` + `cc -O2`, built once,
+ the search), SPIN's search without reduction; the ratios ours / SPIN (above 1: SPIN
faster), the last one engine against engine on the same states (both unreduced); peak
RSS; peak RSS / states, from {BPS_MIN_STATES:,} states up (below that the fixed cost
dominates: pan's 128 MiB hash table, our few MB).
"""

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
    out = ["| lost_update N | ours states | ours | ours --no-symmetry states | ours --no-symmetry "
           "| SPIN POR states | SPIN search | SPIN end to end | ours/SPIN search | ours/SPIN e2e "
           "| peak MB ours / SPIN |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in (5, 6, 7, 8):
        r = find(rows, f"lost_update_{n}")
        if not r:
            continue
        o, p = r.get("ours"), r.get("por")
        t = e2e(r)
        out.append(f"| {n} | {states_cell(o)} | {verdict_cell(o)} | {nosym_cell(r, 'states')} "
                   f"| {nosym_cell(r, 'time')} | {states_cell(p)} | {verdict_cell(p)} "
                   f"| {fmt_time(t)} | {fmt_ratio(wall(o), wall(p))} | {fmt_ratio(wall(o), t)} "
                   f"| {fmt_mb(o['rss_kb']) if ok(o) else '-'} / {fmt_mb(p['rss_kb']) if ok(p) else '-'} |")
    return "\n".join(out) + "\n"


def pct(a, b):
    return f"{100 * a / b:.0f}%" if a and b else "-"


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
        out.append(s)
    eng = [r for r in lu if ok(unreduced(r)) and ok(r.get("nopor"))]
    if eng:
        r = max(eng, key=lambda r: r["size"])
        u, q = unreduced(r), r["nopor"]
        f = u["wall"] / q["wall"]
        out.append(f"Without either reduction (ours `--no-symmetry`, SPIN `-DNOREDUCE`) both explore "
                   f"exactly the same {u['states']:,} states at N = {r['size']}, "
                   f"{'about equally fast' if 0.8 <= f <= 1.25 else ('SPIN faster' if f > 1 else 'ours faster')}"
                   f" ({u['states'] / u['wall']:,.0f} states/s for us, {q['states'] / q['wall']:,.0f} "
                   "for SPIN)"
                   + (f", and SPIN needs {bps(q):,.0f} bytes per state against our {bps(u):,.0f}."
                      if q["states"] >= BPS_MIN_STATES else "."))
    tops = [r for r in lu if ok(r.get("ours"))]
    spin_stop = [r for r in lu if r.get("por") and r["por"].get("verdict") not in ("ok", None)]
    if tops and spin_stop:
        t, st = max(tops, key=lambda r: r["size"]), min(spin_stop, key=lambda r: r["size"])
        out.append(f"SPIN stops at N = {st['size']}: {verdict_cell(st['por'])} (the issue's SPIN run at "
                   "N = 7 needed `-DCOLLAPSE`, 330 s and 4.5 GB, for a model whose output is not in "
                   f"the state, smaller than this one). Ours reaches N = {t['size']}: "
                   f"{t['ours']['states']:,} classes in {fmt_time(t['ours']['wall'])}, "
                   f"{fmt_mb(t['ours']['rss_kb'])} MB.")
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
            L.append("- **Engine against engine, same states** (both reductions off), ours / SPIN is "
                     + ", ".join(f"{n} {v:.2f}" for n, v in per)
                     + f": on this run ours is {verdict} (timings are noisy on this machine, see "
                     "the load note at the top; read these as roughly equal or better, not as exact "
                     "factors). SPIN compiles each model to C; we interpret bytecode "
                     "but do little per step, and both spend their time in the visited set (see "
                     "the profile).")
        nosym = [r for r in big if r not in sym]
        por = [(r["name"], r["por"]["states"] / r["nopor"]["states"], r["ours"]["wall"] / r["por"]["wall"])
               for r in nosym]
        if por:
            spin_wins = [n for n, _k, t in por if t > 1]
            ours_wins = [n for n, _k, t in por if t <= 1]
            L.append("- **Where our symmetry has nothing to reduce, it is SPIN's partial-order "
                     "reduction against our engine.** Ours / SPIN with defaults: "
                     + ", ".join(f"{n} {t:.2f} (POR keeps {100 * k:.0f}%)" for n, k, t in por)
                     + ". " + (f"SPIN is faster on {', '.join(spin_wins)}. " if spin_wins else "")
                     + (f"Ours is faster on {', '.join(ours_wins)}. " if ours_wins else "")
                     + "The more steps on locals only (the bounded buffer's `for` headers and "
                     "`s = s + v`), the more SPIN removes; where it removes nothing (the "
                     "philosophers) the two are engine against engine.")
    if small:
        floor_s = min(r["por"]["wall"] for r in small)
        floor_o = max(r["ours"]["wall"] for r in small)
        comp = statistics.median(r["build_por"]["compile"] for r in both
                                 if (r.get("build_por") or {}).get("ok"))
        wins = sum(1 for r in both if e2e(r) and r["ours"]["wall"] < e2e(r))
        L.append(f"- **Small models: ours, by far.** Below {BPS_MIN_STATES:,} states ours takes at "
                 f"most {fmt_time(floor_o)}; a SPIN search takes at least {fmt_time(floor_s)} "
                 "(pan zeroes a 128 MiB hash table, `-w24`, before it starts), and SPIN end to end "
                 f"adds {fmt_time(comp)} (median) of `cc -O2`. End to end ours is faster on "
                 f"{wins} of {len(both)} rows. This is the case that matters for `check` in CI: "
                 "many small programs, each explored once.")
    mem = [r for r in big if ok(unreduced(r)) and bps(unreduced(r)) and bps(r["nopor"])]
    if mem:
        r = max(mem, key=lambda r: r["nopor"]["states"])
        u, q = unreduced(r), r["nopor"]
        stored = (f"{q['stored_bytes']} + {q['overhead_bytes']} bytes of overhead"
                  if q.get("stored_bytes") else f"{q.get('vector')} bytes")
        L.append(f"- **Memory: SPIN needs {bps(u) / bps(q):.1f}x fewer bytes per state.** On "
                 f"{r['name']}, both unreduced: {bps(u):,.0f} bytes per state for us, {bps(q):,.0f} "
                 f"for SPIN. Our state is {r['state_bytes']} bytes (every value in an 8-byte slot, "
                 "and per thread a header, a bitmap of assigned locals and its operand-stack "
                 f"slots); SPIN's vector is {q.get('vector')} bytes, stored as {stored}. On top of "
                 "the state we keep its 64-bit hash, a hash-table slot, a BFS parent and the edges "
                 "(CSR), which exact counts and shortest traces need; SPIN keeps no edges (it "
                 "counts nothing) and its stack holds only the current path.")
    L.append("- **Not the same answer.** SPIN says whether an assertion violation or invalid end "
             "state is reachable (and checks LTL); ours also lists every outcome with its exact "
             "number of interleavings, names each blocked thread of a deadlock, gives shortest "
             "traces and, without `--no-races` (these timings use it), finds data races (a race "
             "names a thread, so a program with races is explored without symmetry). Exact "
             "counts are why we keep every state and edge, and why our reduction is one that "
             "keeps counts exact.")
    return "\n".join(L) + "\n"


def profile_section(prof):
    if not prof or not prof.get("tool"):
        return "No profiler was usable on this machine (neither `perf` nor valgrind), so no profile.\n"
    out = []
    if prof["tool"] == "perf":
        c = prof.get("counters", {})
        out.append(f"`perf record -F 499` (flat, self time) under `perf stat`, one run of "
                   f"`interleave explore bench/programs/{prof['case']}.yaml --json --no-races`.")
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
    out.append("| self % | function |")
    out.append("|---:|---|")
    for pct_, kernel, sym in prof.get("top", []):
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
    syms = {sym for _p, _k, sym in top}

    def share(*keys):
        return sum(p for p, _k, sym in top if any(k in sym for k in keys))
    lookup = share("intern_state", "XXH3", "tab_grow", "memcmp")
    copy = share("memmove", "memcpy", "memset")
    kernel = sum(p for p, k, _s in top if k)
    for p_, d in prof.get("dsos", []):
        if "kernel" in d:
            kernel = p_
    interp = share("exec", "il_step")
    canon = share("canonicalize")
    outputs = share("printf", "intern_out", "intern_str", "strchrnul", "xsputn")
    fmt = any("printf" in x for x in syms)
    case = find(rows, prof["case"]) or {}
    o = case.get("ours") or {}
    per = (f"about {o['transitions'] / o['states']:.1f} per state here" if ok(o) and o.get("states")
           else "several per state")
    L = ["What dominates:\n"]
    L.append(f"- **The visited set: {lookup:.0f}%** (`intern_state`, the xxHash of the state, "
             f"`memcmp` against the candidate, `tab_grow`). Every successor ({per}) is hashed "
             "over its full width and looked up in an open-addressing table of state numbers.")
    hot = prof.get("hot") or []
    if prof.get("hot_symbol") == "intern_state" and hot:
        def what(prev, src):
            line = src.split(":", 1)[0]
            if "tab[p]" in src:
                return f"the load of the table slot `tab[p]` (line {line})"
            if "hashes[" in src:
                return f"the load of `hashes[id - 1]` (line {line})"
            return f"`{prev}` (line {line})"
        parts = [f"{p:.0f}% of it just after {what(prev, src)}" for p, _i, prev, src in hot[:2]]
        L.append(f"  Inside `intern_state` the time sits on loads: {'; '.join(parts)}. A lookup "
                 "is one cache miss for the slot, a second, dependent one for the stored hash, "
                 "which lives in a separate array, and a third in `memcmp` for the state bytes "
                 "when the hashes agree (most successors are states already seen). With millions "
                 "of states none of this stays in cache: the explorer is bound by memory "
                 "latency, not by computation. (The VM exposes no hardware counters, so the "
                 "misses are inferred from where the samples land, not counted.)")
    L.append(f"- **The kernel: {kernel:.0f}%**, mostly page faults on memory touched for the "
             "first time (`clear_page_erms`, `exc_page_fault`) as the state array, the edges and "
             "the table grow; growing also copies (`memmove`, `tab_grow`): "
             f"{copy:.0f}% copying in all.")
    if canon >= 1:
        L.append(f"- **Symmetry: {canon:.0f}%** (`canonicalize`): putting every successor in its "
                 "class's canonical form (the interchangeable threads' blocks sorted).")
    if outputs >= 1:
        L.append(f"- **Printing: {outputs:.0f}%**" + (" (`vfprintf` formatting the value, " if fmt else " (")
                 + "`il_intern_str`, `il_intern_out`): each `print` step interns the printed line "
                 "and the new output sequence.")
    L.append(f"- **The interpreter: {interp:.0f}%** (`exec`, `il_step`): running a step is "
             "cheap next to storing its result.")
    L.append("\nSo the optimisation work should go to the visited set and the state layout, not "
             "the interpreter: keep some hash bits in the table slot itself, so that a probe "
             "rejects a wrong candidate without touching `hashes[]` (one miss instead of two); "
             "prefetch the slots of all successors of a state before probing them; narrower "
             "states (values in 1-4 bytes where the program allows, no operand-stack slots at "
             "step boundaries), so that more fit per cache line and per GiB; and memory reserved "
             "up front instead of grown by copying.\n")
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
             "Makefile (`-O2 -g`), run with `--no-races`")
    L.append(f"- load average {meta['load_start'][0]:.2f} at the start, {meta['load_end'][0]:.2f} at "
             "the end: other developers' builds and tests ran on this machine at the same time, so "
             "timings are noisy (expect some tens of percent between runs); state counts are exact")
    L.append(f"- median of up to {meta['reps']} runs, fewer once one tool has spent "
             f"{meta['row_budget']:.0f} s on a row (n in the tables); {meta['limit']:.0f} s and "
             f"{meta['memlim_mb']} MB a run; a size predicted to take longer than that gets one "
             f"{meta['probe']:.0f} s probe, shown as a timeout, and the sizes above it are not run; "
             f"the whole run took {meta['total_seconds'] / 60:.1f} min\n")
    L.append("## Headline: lost_update, ours vs SPIN\n")
    L.append(headline(rows))
    L.append(headline_text(rows, refs))
    L.append("## Analysis: where we win, where SPIN wins, why\n")
    L.append(analysis_text(rows))
    L.append("## Profile of ours: what dominates\n")
    L.append(profile_section(prof))
    L.append(profile_text(prof, rows))
    L.append("## How the state counts correspond\n")
    L.append(correspondence_text(rows))
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
        if not os.access(OURS, os.X_OK):
            sys.exit("bench: ./interleave is not built (make interleave)")
        OURS_FLAGS[:] = ours_flags()
        data = collect(args)
        with open(RESULTS_JSON, "w") as f:
            json.dump(data, f, indent=1)
    write_report(data)
    log(f"bench: wrote {os.path.relpath(RESULTS_MD, ROOT)}")


if __name__ == "__main__":
    main()
