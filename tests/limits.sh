#!/bin/sh
# Resource limits: a program whose state space never ends stops at
# --max-states, --max-seconds and --max-memory with what it found,
# `complete: false` and exit 3; huge programs (10,000 threads, a million
# steps per thread) are refused or handled, never a crash or a hang; running
# out of memory is reported (exit 4), never a signal.
# Usage: tests/limits.sh ./interleave   (not the ASan build: it uses ulimit -v)
bin=${1:-./interleave}
suite=limits
. "$(dirname "$0")/lib.sh"

# run ARGS...: `interleave ARGS` with stdout in $tmp/out, stderr in
# $tmp/err, the exit status in $rc and the wall-clock seconds in $secs.
# Under `timeout`, so that a hang fails (exit 124) instead of stalling.
run() {
    t0=$(date +%s)
    timeout 120 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    secs=$(($(date +%s) - t0))
}

# The counter: one state per value of x, forever.
cat >"$tmp/counter.yaml" <<'EOF'
name: counter
shared:
  x: 0
threads:
  t1: |
    while True:
        x += 1
expect:
  errors: false
EOF
# Unbounded too, but every run ends: each limit leaves outcomes to show.
cat >"$tmp/stopper.yaml" <<'EOF'
name: stopper
shared:
  x: 0
  stop: 0
sync:
  m: Lock
threads:
  t1: |
    go = 1
    while go:
        x += 1
        with m:
            go = stop == 0
  t2: |
    with m:
        stop = 1
EOF

# ---- each limit stops the counter: partial report, complete: false, exit 3
run explore "$tmp/counter.yaml" --max-states 1000
expect_rc "--max-states" 3
has "--max-states" "$tmp/out" "counter: 0 interleavings, 0 outcomes (1000 states"
has "--max-states" "$tmp/out" "INCOMPLETE: stopped by --max-states; the counts cover only the explored part"
run explore "$tmp/counter.yaml" --max-states 1000 --json
expect_rc "--max-states --json" 3
has "--max-states --json" "$tmp/out" '"complete": false,'
has "--max-states --json" "$tmp/out" '"stopped_by": "--max-states",'
has "--max-states --json" "$tmp/out" '"states": 1000,'

run explore "$tmp/counter.yaml" --max-seconds 0.5
expect_rc "--max-seconds" 3
has "--max-seconds" "$tmp/out" "INCOMPLETE: stopped by --max-seconds; the counts cover only the explored part"
[ "$secs" -le 20 ] && ok || no "--max-seconds 0.5 took $secs s"
run explore "$tmp/counter.yaml" --max-seconds 0.5 --json
expect_rc "--max-seconds --json" 3
has "--max-seconds --json" "$tmp/out" '"complete": false,'
has "--max-seconds --json" "$tmp/out" '"stopped_by": "--max-seconds",'

run explore "$tmp/counter.yaml" --max-memory 16M
expect_rc "--max-memory" 3
has "--max-memory" "$tmp/out" "INCOMPLETE: stopped by --max-memory; the counts cover only the explored part"
has "--max-memory" "$tmp/out" "stopped by the memory budget (--max-memory 16M, "
run explore "$tmp/counter.yaml" --max-memory=16M --json
expect_rc "--max-memory --json" 3
has "--max-memory --json" "$tmp/out" '"complete": false,'
# an explicit --max-states wins over the budget
run explore "$tmp/counter.yaml" --max-memory 16M --max-states 500
expect_rc "--max-memory and --max-states" 3
has "--max-memory and --max-states" "$tmp/out" "(500 states"
grep -q "memory budget" "$tmp/out" && no "--max-states given, yet the budget is blamed" || ok

# ---- partial results: the outcomes found so far are printed
for lim in "--max-states 300" "--max-seconds 0.2" "--max-memory 8M"; do
    # shellcheck disable=SC2086
    run explore "$tmp/stopper.yaml" $lim --json
    expect_rc "stopper $lim" 3
    has "stopper $lim" "$tmp/out" '"complete": false,'
    has "stopper $lim" "$tmp/out" '"final": {"x": 2, "stop": 1},'
done
run explore "$tmp/stopper.yaml" --max-states 300
has "stopper table" "$tmp/out" "  1                   "
has "stopper table" "$tmp/out" "ok      -       x=2 stop=1"

# ---- check: a limit makes the program fail as incomplete, exit 3
run check "$tmp/counter.yaml" --max-memory 16M
expect_rc "check --max-memory" 3
has "check --max-memory" "$tmp/out" "stopped by the memory budget (--max-memory 16M, "
run check "$tmp/counter.yaml" --max-seconds 0.3
expect_rc "check --max-seconds" 3
has "check --max-seconds" "$tmp/out" "incomplete: stopped by --max-seconds after"

# ---- usage errors
for bad in 0 abc 5X 1.5.5 -1G ""; do
    run explore "$tmp/counter.yaml" --max-memory "$bad"
    expect_rc "--max-memory '$bad'" 2
    has "--max-memory '$bad'" "$tmp/err" "interleave: error: --max-memory expects a size such as 4G, 512M or 100000000 (bytes), got '$bad'"
    [ -s "$tmp/out" ] && no "--max-memory '$bad': stdout not empty" || ok
done
run check "$tmp/counter.yaml" --max-memory 0
expect_rc "check --max-memory 0" 2
# --limit without --list would be ignored: refused like --seed without --random
run explore "$tmp/counter.yaml" --limit 5
expect_rc "--limit without --list" 2
has "--limit without --list" "$tmp/err" "interleave: error: --limit needs --list"

# ---- out of memory: reported with exit 4, not a signal. The budget (4G)
# is more than ulimit -v allows, so an allocation fails first.
(ulimit -v 300000 && exec "$bin" explore "$tmp/counter.yaml" --max-memory 4G) >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "out of memory" 4
has "out of memory" "$tmp/err" "interleave: error: out of memory (allocating "
has "out of memory" "$tmp/err" "; --max-memory is 4G)"
# Without --max-memory the default budget follows ulimit -v: a clean stop.
(ulimit -v 300000 && exec "$bin" explore "$tmp/counter.yaml") >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "default budget under ulimit -v" 3
has "default budget under ulimit -v" "$tmp/out" "stopped by the memory budget (default --max-memory "

# ---- 10,000 threads: refused, with the line of the thread past the limit
awk 'BEGIN { print "threads:"; for (i = 0; i < 10000; i++) print "  t" i ": pass" }' >"$tmp/t10000.yaml"
run explore "$tmp/t10000.yaml"
expect_rc "10000 threads" 2
has "10000 threads" "$tmp/err" "$tmp/t10000.yaml:4098:3: error: too many threads (limit 4096)"
printf 'threads:\n  t:\n    count: 10000\n    body: pass\n' >"$tmp/count10000.yaml"
run explore "$tmp/count10000.yaml"
expect_rc "count: 10000" 2
has "count: 10000" "$tmp/err" "$tmp/count10000.yaml:2:3: error: count: 10000 is too many threads (limit 4096)"

# 4096 threads, each racing on x (a state is 96K): handled within the
# budget, which stops it cleanly when full. The race pass walks what was
# explored (a sixteenth of the budget is kept for it): first steps that
# write x race within the first two levels.
printf 'shared:\n  x: 0\nthreads:\n  t:\n    count: 4096\n    body: |\n      x = id\n      x += id\n' >"$tmp/t4096.yaml"
run explore "$tmp/t4096.yaml" --max-memory 1G
expect_rc "4096 threads (races found outrank incomplete)" 1
has "4096 threads" "$tmp/out" "INCOMPLETE: stopped by --max-memory"
has "4096 threads" "$tmp/out" "stopped by the memory budget (--max-memory 1G, "

# ---- a million steps per thread
printf 'threads:\n  t1: |\n    for i in range(1000000):\n        pass\n' >"$tmp/steps1.yaml"
run explore "$tmp/steps1.yaml" --json
expect_rc "1000000 steps, one thread" 0
has "1000000 steps, one thread" "$tmp/out" '"complete": true,'
has "1000000 steps, one thread" "$tmp/out" '"states": 2000002,'
printf 'threads:\n  t1: |\n    for i in range(1000000):\n        pass\n  t2: |\n    for i in range(1000000):\n        pass\n' >"$tmp/steps2.yaml"
run explore "$tmp/steps2.yaml" --max-seconds 0.5
expect_rc "1000000 steps, two threads, --max-seconds" 3
[ "$secs" -le 30 ] && ok || no "1000000 steps, two threads: --max-seconds 0.5 took $secs s"
run explore "$tmp/steps2.yaml" --max-states 100000 --json
expect_rc "1000000 steps, two threads, --max-states" 3
has "1000000 steps, two threads, --max-states" "$tmp/out" '"stopped_by": "--max-states",'
# `run` stops at --max-steps (default 1000)
run run "$tmp/steps1.yaml"
expect_rc "run, 1000000 steps" 3
has "run, 1000000 steps" "$tmp/out" "stopped after 1000 steps (--max-steps): the run has not ended"

# --bound and --random are partial by request (cli.md): complete false, the
# option named, counts of what was run, and exit 0/1 as for a full run, not 3.
run explore programs/lost_update.yaml --bound 1 --json
expect_rc "--bound 1 (races found)" 1
has "--bound 1" "$tmp/out" '"complete": false,'
has "--bound 1" "$tmp/out" '"stopped_by": "--bound",'
has "--bound 1" "$tmp/out" '"interleavings": "8",'
run explore programs/locked_counter.yaml --bound 0
expect_rc "--bound 0, no problem" 0
has "--bound 0, no problem" "$tmp/out" "PARTIAL: only interleavings within the preemption bound (--bound)"
run explore programs/lost_update.yaml --random 40 --seed 9 --json
expect_rc "--random 40" 1
has "--random 40" "$tmp/out" '"interleavings": "40",'
has "--random 40" "$tmp/out" '"stopped_by": "--random",'
cp "$tmp/out" "$tmp/out.first"
run explore programs/lost_update.yaml --random 40 --seed 9 --json
sed '/"seconds"/d' "$tmp/out" >"$tmp/a"; sed '/"seconds"/d' "$tmp/out.first" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && ok || no "--random 40 --seed 9 twice: different reports"
run explore "$tmp/counter.yaml" --random 3
expect_rc "--random on a program that never ends" 0
has "--random, endless" "$tmp/out" "3 random runs did not end within 100000 steps (counted in no outcome)"
for bad in "--bound -1" "--bound x" "--random 0" "--seed 3" "--random 2 --bound 1" "--random 2 --list"; do
    # shellcheck disable=SC2086
    run explore programs/lost_update.yaml $bad
    expect_rc "explore $bad" 2
done

# --compact: 741,218 states as fingerprints (chunks of expanded states are
# freed as the search goes): the same count, and traces that replay.
run explore tests/programs/count8.yaml --compact --json --traces "$tmp/ct"
expect_rc "--compact count8 (it races)" 1
has "--compact count8" "$tmp/out" '"interleavings": "81729648000",'
has "--compact count8" "$tmp/out" '"omission_probability": '
for t in "$tmp"/ct/*/*.yaml; do
    "$bin" replay "$t" >/dev/null 2>&1 && ok || no "--compact trace $t does not replay"
done
run explore programs/lost_update.yaml --compact --list
expect_rc "--compact --list" 2
run explore programs/lost_update.yaml --no-counts --list
expect_rc "--no-counts --list" 2

# ---- every limit covers the whole run (issue 12) ------------------------------
# Trace writing: 601 outcomes, each trace the whole shortest run to it (up to
# 1,800 steps, each with a 300-byte comment in its code), 390 MB in all.
# The exploration takes well under the limit (< 1 s); the traces do not
# fit in it (20 s) and are stopped, the report says so.
long=$(awk 'BEGIN { while (n++ < 300) printf "b" }')
printf 'name: outs\nshared:\n  x: 0\nthreads:\n  t1: |\n    while x < 600:\n        x += 1  # %s\n  t2: |\n    print(x)\n' "$long" >"$tmp/outs.yaml"
run explore "$tmp/outs.yaml" --no-races --max-seconds 3 --traces "$tmp/otr" --json
expect_rc "--max-seconds while writing traces" 3
has "--max-seconds while writing traces" "$tmp/out" '"complete": false,'
has "--max-seconds while writing traces" "$tmp/out" '"stopped_by": "--max-seconds",'
has "--max-seconds while writing traces" "$tmp/out" '"stopped_in": "writing traces",'
has "--max-seconds while writing traces" "$tmp/out" '"interleavings": "1802",'
[ "$secs" -le 15 ] && ok || no "--max-seconds 3 with traces took $secs s"
nfiles=$(ls "$tmp/otr/outs" | wc -l)
nfields=$(grep -c '"trace": "' "$tmp/out")
[ "$nfiles" -eq "$nfields" ] && [ "$nfiles" -lt 601 ] && ok ||
    no "traces stopped: $nfiles files, $nfields trace fields (want equal, < 601)"
ls "$tmp/otr/outs" | grep -q '\.tmp' && no "a temporary trace was left" || ok
run explore "$tmp/outs.yaml" --no-races --max-seconds 3 --traces "$tmp/otr"
expect_rc "--max-seconds while writing traces, table" 3
has "traces stopped, table" "$tmp/out" "INCOMPLETE: stopped by --max-seconds while writing traces; the exploration was done, some findings have no trace"
has "traces stopped, table" "$tmp/out" "(stopped by --max-seconds: "
# the traces written in a stopped run replay
for t in $(ls "$tmp/otr/outs" | head -3); do
    timeout 60 "$bin" replay "$tmp/otr/outs/$t" >/dev/null 2>&1 && ok || no "stopped run: $t does not replay"
done

# Counting: it follows a whole exploration, and on a big graph takes
# seconds (lost_update_6 --no-symmetry: about 1 s after 10 s of search).
# INTERLEAVE_TEST_STOP=counting (limit.h, il_limit_phase) makes the
# deadline pass as counting begins, or (counting:SIGTERM) the process send
# itself the signal, so the stop is deterministic: the outcomes are listed,
# their counts unknown (null, as with --no-counts), stopped_in "counting".
# srun STOP ARGS...: run, with INTERLEAVE_TEST_STOP=STOP for it alone
srun() {
    INTERLEAVE_TEST_STOP=$1
    export INTERLEAVE_TEST_STOP
    shift
    run "$@"
    unset INTERLEAVE_TEST_STOP
}
# jq_counting FILE STOPPED_BY: the JSON report of a run stopped so
jq_counting() {
    python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ok = (r["complete"] is False and r["stopped_by"] == sys.argv[2]
      and r["stopped_in"] == "counting" and r["interleavings"] is None
      and [(o["status"], o["output"], o["final"]) for o in r["outcomes"]] ==
          [("ok", ["1", "1"], {"x": 1}), ("ok", ["1", "2"], {"x": 2}), ("ok", ["2", "2"], {"x": 2})]
      and all(o["interleavings"] is None for o in r["outcomes"]))
sys.exit(0 if ok else 1)
PY
}
srun counting explore programs/lost_update.yaml --no-races --max-seconds 60 --json
expect_rc "--max-seconds while counting" 3
jq_counting "$tmp/out" --max-seconds && ok || no "--max-seconds while counting: $(head -c 400 "$tmp/out")"
srun counting:SIGTERM explore programs/lost_update.yaml --no-races --json
expect_rc "SIGTERM while counting" 143
jq_counting "$tmp/out" SIGTERM && ok || no "SIGTERM while counting: $(head -c 400 "$tmp/out")"
srun counting:SIGINT explore programs/lost_update.yaml --no-races
expect_rc "SIGINT while counting, table" 130
has "SIGINT while counting, table" "$tmp/out" "lost-update: interleavings not counted (stopped while counting), 3 outcomes (43 states"
has "SIGINT while counting, table" "$tmp/out" "  3                    -  -  ok      2 2     x=2"
has "SIGINT while counting, table" "$tmp/out" "INCOMPLETE: stopped by SIGINT while counting; the exploration was done, every outcome and finding is listed, the interleavings are not counted"
# 100! paths (past 128 bits), over symmetry classes, with traces: none is
# written once stopped, and no count is printed
srun counting explore bench/programs/locked_counter_100.yaml --no-races --max-seconds 60 --traces "$tmp/ctr"
expect_rc "--max-seconds while counting 100!" 3
has "--max-seconds while counting 100!" "$tmp/out" "interleavings not counted (stopped while counting), 1 outcome"
has "--max-seconds while counting 100!" "$tmp/out" "explored over symmetry classes (interchangeable threads explored as one)"
has "--max-seconds while counting 100!" "$tmp/out" "0 traces written to $tmp/ctr/locked-counter-100/ (stopped by --max-seconds: 1 more not written)"
grep -q "counted over symmetry classes" "$tmp/out" && no "counting stopped, yet 'the counts are exact'" || ok
srun counting explore programs/locked_counter.yaml --bound 1 --max-seconds 60 --json
expect_rc "--bound, --max-seconds while counting" 3
has "--bound, while counting" "$tmp/out" '"stopped_in": "counting",'
has "--bound, while counting" "$tmp/out" '"interleavings": null,'
# the hook moves a deadline that was set, nothing else: the control run counts
srun counting explore programs/lost_update.yaml --no-races --json
expect_rc "no --max-seconds: counting is not stopped" 0
has "no --max-seconds: counted" "$tmp/out" '"interleavings": "70",'
# check: a program whose expected count cannot be computed fails as incomplete
srun counting check programs/locked_counter.yaml --max-seconds 60
expect_rc "check, --max-seconds while counting" 3
has "check, while counting" "$tmp/out" "  incomplete: stopped by --max-seconds while counting (41 states explored), so the expectations cannot be confirmed"
has "check, while counting" "$tmp/out" "0 passed, 1 failed"
srun counting:SIGTERM check programs/locked_counter.yaml programs/lost_update.yaml --tap
expect_rc "check, SIGTERM while counting" 143
has "check, SIGTERM while counting" "$tmp/out" 'message: "incomplete: stopped by SIGTERM while counting (41 states explored), so the expectations cannot be confirmed"'
has "check, SIGTERM while counting" "$tmp/out" "# stopped by SIGTERM: 1 program not checked"

# The race pass after a whole search (INTERLEAVE_TEST_STOP=races): the
# counts are whole, the races those found so far, stopped_in says where.
srun races explore programs/lost_update.yaml --max-seconds 60 --json
expect_rc "--max-seconds while looking for races" 3
has "while looking for races, JSON" "$tmp/out" '"stopped_in": "looking for races",'
has "while looking for races, JSON" "$tmp/out" '"interleavings": "70",'
has "while looking for races, JSON" "$tmp/out" '"complete": false,'
srun races:SIGINT explore programs/lost_update.yaml
expect_rc "SIGINT while looking for races" 130
has "SIGINT while looking for races" "$tmp/out" "lost-update: 70 interleavings, 3 outcomes (43 states"
has "SIGINT while looking for races" "$tmp/out" "no deadlocks, no errors; no race found before the stop"
has "SIGINT while looking for races" "$tmp/out" "INCOMPLETE: stopped by SIGINT while looking for races; the exploration and the counts are whole, the races listed are those found so far"

# Loading: a 31 MB body of two million statements (about 1 GB while
# loading and compiling; a state past 1 MiB, the old way to ask for GBs from
# 3 KB, is now refused before anything is allocated). Both limits stop it
# with the report of nothing explored.
awk 'BEGIN { print "shared:\n  x: 0\nthreads:\n  t1: |"; for (i = 0; i < 2000000; i++) print "    x = " i }' >"$tmp/huge.yaml"
run explore "$tmp/huge.yaml" --max-memory 64M --json
expect_rc "--max-memory while loading" 3
has "--max-memory while loading" "$tmp/out" '"complete": false,'
has "--max-memory while loading" "$tmp/out" '"stopped_by": "--max-memory",'
has "--max-memory while loading" "$tmp/out" '"stopped_in": "loading the program",'
has "--max-memory while loading" "$tmp/out" '"states": 0,'
has "--max-memory while loading" "$tmp/err" "interleave: error: $tmp/huge.yaml: stopped by --max-memory 64M while loading the program"
[ "$secs" -le 20 ] && ok || no "--max-memory 64M while loading took $secs s"
run explore "$tmp/huge.yaml" --max-seconds 0.3
expect_rc "--max-seconds while loading" 3
has "--max-seconds while loading" "$tmp/out" "INCOMPLETE: stopped by --max-seconds while loading the program; nothing was explored"
[ "$secs" -le 10 ] && ok || no "--max-seconds 0.3 while loading took $secs s"
# the default budget under ulimit -v: a clean stop, not the kernel's OOM kill or exit 4
(ulimit -v 1000000 && exec timeout 120 "$bin" explore "$tmp/huge.yaml" --json) >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "default budget while loading, ulimit -v" 3
has "default budget while loading" "$tmp/out" '"stopped_by": "--max-memory",'
# check: the program whose load is stopped fails as incomplete; the run
# ends there (what the load held cannot be given back), saying so
mkdir "$tmp/ck"
cp programs/lost_update.yaml "$tmp/ck/a.yaml"; cp "$tmp/huge.yaml" "$tmp/ck/b.yaml"; cp programs/lost_update.yaml "$tmp/ck/c.yaml"
run check "$tmp/ck" --max-memory 64M
expect_rc "check, --max-memory while loading" 3
has "check, load stopped" "$tmp/out" "ok lost-update (70 interleavings, 3 outcomes, "
has "check, load stopped" "$tmp/out" "FAIL $tmp/ck/b.yaml"
has "check, load stopped" "$tmp/out" "  incomplete: stopped by --max-memory while loading the program (nothing explored)"
has "check, load stopped" "$tmp/out" "stopped by --max-memory: 1 more not checked"
has "check, load stopped" "$tmp/out" "1 passed, 1 failed"
run check "$tmp/ck/b.yaml" --max-seconds 0.3 --tap
expect_rc "check, --max-seconds while loading" 3
has "check, --max-seconds while loading" "$tmp/out" 'message: "incomplete: stopped by --max-seconds while loading the program (nothing explored)"'

# --bound and --random under a small budget: the clean stop with the report
# (a random run is checked within it, not only between runs)
printf 'shared:\n  x: 0\n  l: {size: 200, value: 0}\nthreads:\n  t:\n    count: 6\n    body: |\n      while True:\n          x += id\n          l[x %% 200] += 1\n' >"$tmp/c6.yaml"
for lim in "--bound 3" "--bound 50" "--random 1000" "--random 100000 --seed 3"; do
    # shellcheck disable=SC2086
    run explore "$tmp/c6.yaml" $lim --max-memory 32M --no-races --json
    expect_rc "$lim --max-memory 32M" 3
    has "$lim --max-memory 32M" "$tmp/out" '"complete": false,'
    has "$lim --max-memory 32M" "$tmp/out" '"stopped_by": "--max-memory",'
done
run explore "$tmp/c6.yaml" --random 1000000 --max-seconds 0.5 --no-races --json
expect_rc "--random --max-seconds" 3
has "--random --max-seconds" "$tmp/out" '"stopped_by": "--max-seconds",'
[ "$secs" -le 10 ] && ok || no "--random --max-seconds 0.5 took $secs s"

# A budget too small to do anything is a usage error saying the minimum.
for small in 100 1000K 1048575 0.9M; do
    run explore programs/lost_update.yaml --max-memory "$small"
    expect_rc "--max-memory $small" 2
    has "--max-memory $small" "$tmp/err" "interleave: error: --max-memory must be at least 1M (nothing can be explored in less), got '$small'"
    [ -s "$tmp/out" ] && no "--max-memory $small: stdout not empty" || ok
    run check programs/lost_update.yaml --max-memory "$small"
    expect_rc "check --max-memory $small" 2
done
run explore programs/lost_update.yaml --max-memory 1M --json
expect_rc "--max-memory 1M (the minimum) explores" 1
has "--max-memory 1M" "$tmp/out" '"interleavings": "70",'

# ---- only regular files are read (issue 12) ------------------------------------
mkfifo "$tmp/fifo.yaml"
for cmd in explore check run replay; do
    run $cmd "$tmp/fifo.yaml"
    expect_rc "$cmd FIFO" 2
    [ "$secs" -le 5 ] && ok || no "$cmd FIFO took $secs s"
done
run explore "$tmp/fifo.yaml"
has "explore FIFO" "$tmp/err" "$tmp/fifo.yaml:1:1: error: cannot read file: not a regular file"
run replay "$tmp/fifo.yaml"
has "replay FIFO" "$tmp/err" "$tmp/fifo.yaml:1:1: error: cannot read trace: not a regular file"
mkdir "$tmp/fd"
cp programs/lost_update.yaml "$tmp/fd/a.yaml"; mkfifo "$tmp/fd/b.yaml"; cp programs/lost_update.yaml "$tmp/fd/c.yaml"
run check "$tmp/fd"
expect_rc "check DIR with a FIFO" 2
has "check DIR with a FIFO" "$tmp/err" "$tmp/fd/b.yaml:1:1: error: cannot read file: not a regular file"
has "check DIR with a FIFO" "$tmp/out" "2 passed, 0 failed"
# a trace whose program: is a FIFO
mkdir "$tmp/ft"
run explore programs/lost_update.yaml --traces "$tmp/ft"
mkfifo "$tmp/ft/p.yaml"
sed 's|^program: .*|program: p.yaml|' "$tmp/ft/lost-update/outcome-1.yaml" >"$tmp/ft/t.yaml"
run replay "$tmp/ft/t.yaml"
expect_rc "trace naming a FIFO" 2
has "trace naming a FIFO" "$tmp/err" "$tmp/ft/t.yaml:2:10: error: cannot read program $tmp/ft/p.yaml: not a regular file"
# a directory, a device
for cmd in explore check run replay; do
    run $cmd "$tmp/fd"
    [ $cmd = check ] && want=0 || want=2 # check DIR checks the directory
    [ $cmd = check ] || { expect_rc "$cmd DIR" 2; has "$cmd DIR" "$tmp/err" "$tmp/fd:1:1: error: cannot read"; has "$cmd DIR" "$tmp/err" ": is a directory"; }
done
run explore /dev/zero
expect_rc "explore /dev/zero" 2
has "explore /dev/zero" "$tmp/err" "/dev/zero:1:1: error: cannot read file: not a regular file"
# a symlinked trace finds its program from its target's directory
mkdir -p "$tmp/sl/real/programs" "$tmp/sl/elsewhere"
cp programs/lost_update.yaml "$tmp/sl/real/programs/lu.yaml"
abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
(cd "$tmp/sl/real" && timeout 60 "$abs_bin" explore programs/lu.yaml --traces traces >/dev/null)
ln -s "$tmp/sl/real/traces/lost-update/outcome-1.yaml" "$tmp/sl/elsewhere/t.yaml"
(cd / && timeout 60 "$abs_bin" replay "$tmp/sl/elsewhere/t.yaml") >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "symlinked trace" 0
has "symlinked trace" "$tmp/out" "reproduced: every step and the outcome match the trace"

# ---- the hash is of what was explored (issue 12): a program read from a
# pipe (/dev/stdin) gets the hash of its bytes, not of empty input
want=$(sha256sum programs/lost_update.yaml | cut -d' ' -f1)
timeout 60 "$bin" explore /dev/stdin --traces "$tmp/ph" <programs/lost_update.yaml >/dev/null 2>"$tmp/err"
cat programs/lost_update.yaml | timeout 60 "$bin" explore /dev/stdin --traces "$tmp/pp" >/dev/null 2>"$tmp/err"
rc=$?
expect_rc "explore /dev/stdin from a pipe" 1
has "pipe hash" "$tmp/pp/lost-update/outcome-1.yaml" "program_sha256: $want"
has "redirect hash" "$tmp/ph/lost-update/outcome-1.yaml" "program_sha256: $want"
cat programs/lost_update.yaml | timeout 60 "$bin" check /dev/stdin >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "check /dev/stdin from a pipe" 0

# ---- no quadratic paths on input size: generated inputs, each past where a
# linear search per use (compiler pools and names, thread lookups per step,
# a state copy per thread per step) took tens of seconds; `timeout 20` makes
# a regression fail, and the answer is checked exactly.
# trun WHAT ARGS...: `interleave ARGS` under timeout 20, like run
trun() { what=$1; shift; run_t0=$(date +%s); timeout 20 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; secs=$(($(date +%s) - run_t0)); [ $rc -ne 124 ] && ok || no "$what: timed out (20 s)"; }
awk 'BEGIN { print "threads:\n  t1: |"; for (i = 0; i < 300000; i++) print "    v = " i; print "    print(v)" }' >"$tmp/consts.yaml"
trun "300,000 distinct constants" explore "$tmp/consts.yaml" --json
expect_rc "300,000 distinct constants" 0
has "300,000 distinct constants" "$tmp/out" '"output": ["299999"],'
has "300,000 distinct constants" "$tmp/out" '"states": 300002,'
awk 'BEGIN { print "threads:\n  t1: |"; for (i = 0; i < 100000; i++) print "    print(\"s" i "\")" }' >"$tmp/strings.yaml"
trun "100,000 distinct strings" run "$tmp/strings.yaml" --max-steps 100000 --color=never
expect_rc "100,000 distinct strings" 0
has "100,000 distinct strings" "$tmp/out" "run of strings ($tmp/strings.yaml): 100000 steps"
has "100,000 distinct strings" "$tmp/out" 's99999'
awk 'BEGIN { print "threads:\n  t1: |"; for (i = 0; i < 50000; i++) print "    v" i " = " i }' >"$tmp/locals.yaml"
trun "50,000 distinct locals" run "$tmp/locals.yaml" --max-steps 10 --color=never
expect_rc "50,000 distinct locals" 3
has "50,000 distinct locals" "$tmp/out" "stopped after 10 steps (--max-steps): the run has not ended"
has "50,000 distinct locals" "$tmp/out" "v9 = 9"
awk 'BEGIN { print "shared:"; for (i = 0; i < 30000; i++) print "  x" i ": " i; print "sync:"; for (i = 0; i < 30000; i++) print "  l" i ": Lock"; print "threads:\n  t1: |"; for (i = 0; i < 30000; i++) print "    x" i " = l" i ".acquire()" }' >"$tmp/names.yaml"
trun "30,000 shared variables and locks" run "$tmp/names.yaml" --max-steps 10 --color=never
expect_rc "30,000 shared variables and locks" 3
has "30,000 shared variables and locks" "$tmp/out" "stopped after 10 steps (--max-steps): the run has not ended"
has "30,000 shared variables and locks" "$tmp/out" "x4 = l4.acquire()"
# 4096 threads (the limit), each printing: one run, its trace replayed, and
# a random interleaving explored
awk 'BEGIN { print "threads:"; for (i = 0; i < 4096; i++) print "  t" i ": |\n    print(" i ")\n    pass" }' >"$tmp/t4096p.yaml"
trun "run of 4096 threads" run "$tmp/t4096p.yaml" --max-steps 10000 --trace "$tmp/t4096p.trace.yaml" --color=never
expect_rc "run of 4096 threads" 0
has "run of 4096 threads" "$tmp/out" "run of t4096p ($tmp/t4096p.yaml): 8192 steps"
trun "replay of 4096 threads" replay "$tmp/t4096p.trace.yaml" --color=never
expect_rc "replay of 4096 threads" 0
# main starting 4095 threads: the ones not started yet cost no state copy
awk 'BEGIN { print "threads:"; for (i = 0; i < 4095; i++) print "  t" i ": print(" i ")"; print "  main: |"; for (i = 0; i < 4095; i++) print "    t" i ".start()" }' >"$tmp/main4095.yaml"
trun "--random, main starting 4095 threads" explore "$tmp/main4095.yaml" --random 1 --seed 1 --json --no-races
expect_rc "--random, main starting 4095 threads" 0
has "--random, main starting 4095 threads" "$tmp/out" '"interleavings": "1",'
has "--random, main starting 4095 threads" "$tmp/out" '"stopped_by": "--random",'
# a key of 1024 characters is the most libyaml reads (bad.sh: 1025)
awk 'BEGIN { k = ""; for (i = 0; i < 1024; i++) k = k "t"; print "threads:\n  " k ": pass" }' >"$tmp/key1024.yaml"
trun "a 1024-character thread name" explore "$tmp/key1024.yaml"
expect_rc "a 1024-character thread name" 0

finish
