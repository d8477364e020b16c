#!/bin/sh
# Output files and signals (README, "Files and signals"): an output that is
# an input is refused (exit 2) and the input stays; a file that cannot be
# written is an I/O error (exit 5, `cannot write 'FILE': ...`), never "out of
# memory"; an old file is kept until the new one is complete, and no
# temporary (.NAME.XXXXXX.tmp) is ever left; a closed stdout is quiet;
# SIGINT / SIGTERM stop explore and check as a limit does (the partial
# report, stopped_by, exit 130 / 143). Every command runs under `timeout`,
# the unbounded ones under --max-memory 512M too.
# Usage: tests/files.sh ./interleave
bin=${1:-./interleave}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
root=$PWD
suite=files
. "$(dirname "$0")/lib.sh"

# run ARGS...: `interleave ARGS` (at most 60 s) with stdout in $tmp/out,
# stderr in $tmp/err and the exit status in $rc.
run() {
    timeout -s KILL 60 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}
err_is() { # WHAT LINE: stderr is exactly LINE
    if [ "$(cat "$tmp/err")" = "$2" ]; then ok; else no "$1: stderr '$(head -c 400 "$tmp/err")', want '$2'"; fi
}
empty() { # WHAT FILE
    if [ -s "$2" ]; then no "$1: $2 not empty: $(head -c 300 "$2")"; else ok; fi
}
same() { # WHAT FILE COPY: FILE is unchanged
    if cmp -s "$2" "$3"; then ok; else no "$1: $2 was changed"; fi
}
no_tmp() { # WHAT DIR: no temporary anywhere under DIR
    left=$(find "$2" -name '*.tmp' | head -3)
    if [ -z "$left" ]; then ok; else no "$1: temporaries left: $left"; fi
}

prog=$tmp/p.yaml
cp programs/lost_update.yaml "$prog"
cp "$prog" "$tmp/orig.yaml"
cat >"$tmp/counter.yaml" <<'EOF'
name: counter
shared:
  x: 0
threads:
  t1: |
    while True:
        x += 1
  t2: |
    x = 0
expect:
  errors: false
EOF

# ---- an output that is an input is refused ---------------------------------
cd "$tmp" || exit 1
run check p.yaml --junit p.yaml
expect_rc "check P --junit P" 2
has "check P --junit P" "$tmp/err" "interleave: error: --junit 'p.yaml' is one of the programs checked: it would be overwritten"
empty "check P --junit P: stdout" "$tmp/out"
same "check P --junit P" p.yaml orig.yaml
mkdir -p progs && cp p.yaml progs/a.yaml && cp p.yaml progs/b.yaml
run check progs --junit progs/b.yaml
expect_rc "check DIR --junit DIR/b.yaml" 2
same "check DIR --junit DIR/b.yaml" progs/b.yaml orig.yaml
ln -s p.yaml link.yaml && ln p.yaml hard.yaml
run check p.yaml --junit link.yaml
expect_rc "check P --junit symlink-to-P" 2
run check p.yaml --junit hard.yaml
expect_rc "check P --junit hard-link-to-P" 2
same "check P --junit links" p.yaml orig.yaml
run run p.yaml --trace p.yaml
expect_rc "run P --trace P" 2
has "run P --trace P" "$tmp/err" "interleave: error: --trace 'p.yaml' is the program itself: it would be overwritten"
run run p.yaml --trace progs/../p.yaml
expect_rc "run P --trace P spelt otherwise" 2
same "run P --trace P" p.yaml orig.yaml
# the program sits where explore --traces would put its first outcome
mkdir -p tr/lost-update && cp p.yaml tr/lost-update/outcome-1.yaml
run explore tr/lost-update/outcome-1.yaml --traces tr
expect_rc "explore --traces over the program" 2
has "explore --traces over the program" "$tmp/err" "interleave: error: refusing to write 'tr/lost-update/outcome-1.yaml': it is an input of this run"
empty "explore --traces over the program: stdout" "$tmp/out"
same "explore --traces over the program" tr/lost-update/outcome-1.yaml orig.yaml
# ... or where a stale trace (beyond this run's 3 outcomes) would be removed
mkdir -p tr2/lost-update && cp p.yaml tr2/lost-update/outcome-9.yaml
run explore tr2/lost-update/outcome-9.yaml --traces tr2
expect_rc "explore --traces, program as a stale trace" 1
same "explore --traces, program as a stale trace" tr2/lost-update/outcome-9.yaml orig.yaml
# check --traces: a program named like a trace of the last run stays
mkdir -p ct/deadlock && cp "$root/tests/check/pass/deadlock.yaml" ct/deadlock/deadlock.yaml
cp ct/deadlock/deadlock.yaml dl-orig.yaml
run check ct/deadlock/deadlock.yaml --traces ct
same "check --traces, program named deadlock.yaml" ct/deadlock/deadlock.yaml dl-orig.yaml
# ... or where check would write a counterexample
mkdir -p ct2/fail-always && cp "$root/tests/check/fail/always.yaml" ct2/fail-always/counterexample-always.yaml
run check ct2/fail-always/counterexample-always.yaml --traces ct2
expect_rc "check --traces over the program" 1
has "check --traces over the program" "$tmp/out" "(no trace: refusing to write 'ct2/fail-always/counterexample-always.yaml': it is an input of this run)"
same "check --traces over the program" ct2/fail-always/counterexample-always.yaml "$root/tests/check/fail/always.yaml"
cd "$root" || exit 1

# ---- I/O errors: exit 5, said as such -----------------------------------------
# (a program that renames a temporary over /dev/full, as root, makes it a
# regular file: then these tests cannot mean anything)
[ -c /dev/full ] && ok || no "/dev/full is not the full device: $(ls -l /dev/full)"
run check "$prog" --junit /dev/full
expect_rc "--junit /dev/full" 5
err_is "--junit /dev/full" "interleave: error: cannot write '/dev/full': No space left on device"
run run "$prog" --trace /dev/full
expect_rc "run --trace /dev/full" 5
err_is "run --trace /dev/full" "interleave: error: cannot write '/dev/full': No space left on device"
timeout -s KILL 60 "$bin" explore "$prog" --json >/dev/full 2>"$tmp/err"
rc=$?
expect_rc "explore > /dev/full" 5
err_is "explore > /dev/full" "interleave: error: writing to stdout failed: No space left on device"
echo x >"$tmp/file"
run explore "$prog" --traces "$tmp/file/x"
expect_rc "--traces under a regular file" 5
err_is "--traces under a regular file" "interleave: error: cannot create directory '$tmp/file/x/lost-update': Not a directory"
empty "--traces under a regular file: stdout" "$tmp/out"
run run "$prog" --trace "$tmp/file/t.yaml"
expect_rc "run --trace under a regular file" 5
err_is "run --trace under a regular file" "interleave: error: cannot write '$tmp/file/t.yaml': Not a directory"
run check "$prog" --junit "$tmp/file/r.xml"
expect_rc "--junit under a regular file" 5
err_is "--junit under a regular file" "interleave: error: cannot write '$tmp/file/r.xml': Not a directory"
empty "--junit under a regular file: stdout (nothing explored)" "$tmp/out"
mkdir -p "$tmp/adir"
run check "$prog" --junit "$tmp/adir"
expect_rc "--junit DIR" 5
err_is "--junit DIR" "interleave: error: cannot write '$tmp/adir': Is a directory"
grep -rq 'out of memory' "$tmp/err" && no "an I/O error said out of memory" || ok
# A full disk on a regular file: past `ulimit -f` (512-byte blocks) a write
# fails with EFBIG (SIGXFSZ is ignored); the old file stays, whole.
printf 'old trace\n' >"$tmp/old.yaml"
(ulimit -f 4; timeout -s KILL 60 "$bin" run "$tmp/counter.yaml" --max-steps 2000 --trace "$tmp/old.yaml" >/dev/null 2>"$tmp/err")
rc=$?
expect_rc "run --trace past ulimit -f" 5
err_is "run --trace past ulimit -f" "interleave: error: cannot write '$tmp/old.yaml': File too large"
[ "$(cat "$tmp/old.yaml")" = "old trace" ] && ok || no "run --trace past ulimit -f: the old trace was lost"
printf 'old report\n' >"$tmp/old.xml"
(ulimit -f 2; timeout -s KILL 60 "$bin" check programs/ --junit "$tmp/old.xml" >/dev/null 2>"$tmp/err")
rc=$?
expect_rc "--junit past ulimit -f" 5
err_is "--junit past ulimit -f" "interleave: error: cannot write '$tmp/old.xml': File too large"
[ "$(cat "$tmp/old.xml")" = "old report" ] && ok || no "--junit past ulimit -f: the old report was lost"
cat >"$tmp/long.yaml" <<'EOF'
name: long
shared:
  x: 0
threads:
  t1: |
    for i in range(100):
        x += 1
EOF
(ulimit -f 2; timeout -s KILL 60 "$bin" explore "$tmp/long.yaml" --traces "$tmp/fsz" >/dev/null 2>"$tmp/err")
rc=$?
expect_rc "--traces past ulimit -f" 5
err_is "--traces past ulimit -f" "interleave: error: cannot write '$tmp/fsz/long/outcome-1.yaml': File too large"
no_tmp "--traces past ulimit -f" "$tmp/fsz"
(ulimit -f 1; timeout -s KILL 60 "$bin" explore "$tmp/counter.yaml" --max-states 1000 --list >"$tmp/big.out" 2>"$tmp/err")
rc=$?
expect_rc "stdout past ulimit -f" 5
err_is "stdout past ulimit -f" "interleave: error: writing to stdout failed: File too large"

# ---- whole files, in place --------------------------------------------------------
printf 'old report\n' >"$tmp/r.xml"
chmod 640 "$tmp/r.xml"
run check "$prog" --junit "$tmp/r.xml"
expect_rc "--junit over an old report" 0
xmllint --noout "$tmp/r.xml" 2>/dev/null && ok || no "--junit: not XML: $(head -c 200 "$tmp/r.xml")"
[ "$(stat -c %a "$tmp/r.xml")" = 640 ] && ok || no "--junit: mode $(stat -c %a "$tmp/r.xml"), want the old 640"
mkdir -p "$tmp/real" && ln -s real/s.xml "$tmp/s.xml"
run check "$prog" --junit "$tmp/s.xml"
[ -L "$tmp/s.xml" ] && xmllint --noout "$tmp/real/s.xml" 2>/dev/null && ok ||
    no "--junit through a symlink: the link was replaced or its target not written"
run check "$prog" --junit /dev/stdout
expect_rc "--junit /dev/stdout" 0
[ "$(head -1 "$tmp/out" | sed 's/[0-9.]* s)$/T s)/')" = "ok lost-update (70 interleavings, 3 outcomes, T s)" ] &&
    sed -n '3,$p' "$tmp/out" | xmllint --noout - 2>/dev/null && ok ||
    no "--junit /dev/stdout: report then XML: $(head -c 300 "$tmp/out")"
mkfifo "$tmp/fifo"
run check "$prog" --junit "$tmp/fifo"
expect_rc "--junit FIFO nobody reads (no hang)" 5
err_is "--junit FIFO nobody reads" "interleave: error: cannot write '$tmp/fifo': No such device or address"
timeout 60 cat "$tmp/fifo" >"$tmp/from-fifo" &
reader=$!
sleep 1 # the reader has opened it (a FIFO nobody reads is an error, above)
run check "$prog" --junit "$tmp/fifo"
wait $reader
expect_rc "--junit FIFO with a reader" 0
xmllint --noout "$tmp/from-fifo" 2>/dev/null && ok || no "--junit FIFO: the reader got $(head -c 200 "$tmp/from-fifo")"
long=$(printf 'n%.0s' $(seq 1 250)).xml
run check "$prog" --junit "$tmp/$long"
expect_rc "--junit with a 254-byte name" 0
[ -s "$tmp/$long" ] && ok || no "--junit with a 254-byte name: not written"
# two runs writing one traces directory at once
for i in 1 2 3 4; do
    timeout -s KILL 60 "$bin" explore "$prog" --traces "$tmp/shared" >"$tmp/par$i.out" 2>&1 &
done
wait
for i in 1 2 3 4; do has "parallel --traces $i" "$tmp/par$i.out" "8 traces written to $tmp/shared/lost-update/"; done
[ "$(ls "$tmp/shared/lost-update" | wc -l)" = 8 ] && ok || no "parallel --traces: $(ls "$tmp/shared/lost-update")"
for f in "$tmp"/shared/lost-update/*.yaml; do
    timeout 60 "$bin" replay "$f" >/dev/null 2>&1 || no "parallel --traces: $f does not replay"
done
no_tmp "parallel --traces" "$tmp/shared"
no_tmp "all of the above" "$tmp"

# ---- a closed stdout ---------------------------------------------------------------
timeout -s KILL 60 "$bin" explore programs/dining_philosophers.yaml --list 2>"$tmp/err" | head -1 >/dev/null
empty "explore --list | head -1: stderr" "$tmp/err"
(timeout -s KILL 60 "$bin" check programs/ --junit "$tmp/pipe.xml" 2>"$tmp/err"; echo $? >"$tmp/rc") | head -1 >/dev/null
empty "check | head -1: stderr" "$tmp/err"
[ "$(cat "$tmp/rc")" = 5 ] && ok || no "check | head -1: exit $(cat "$tmp/rc"), want 5"
[ "$(xmllint --xpath 'string(/testsuites/testsuite/@tests)' "$tmp/pipe.xml" 2>/dev/null)" = "$(find programs -name '*.yaml' -o -name '*.py' | wc -l)" ] &&
    ok || no "check | head -1: the JUnit report is not whole"

# ---- signals ----------------------------------------------------------------------------
# busy PID: waits (at most 30 s) until the interleave that `timeout` PID
# runs has used 0.3 s of CPU: well into its work, its handlers installed,
# however loaded the machine is.
busy() {
    n=0
    while [ $n -lt 300 ]; do
        c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
        c=${c%% *}
        if [ -n "$c" ] && read -r _ _ _ _ _ _ _ _ _ _ _ _ _ ut st _ <"/proc/$c/stat" &&
            [ $((ut + st)) -ge 30 ]; then
            return 0
        fi
        sleep 0.1
        n=$((n + 1))
    done
    no "busy: $* never got going"
}
# sig SIGNAL ARGS...: `interleave ARGS` in the background, SIGNAL once it is
# busy; stdout in $tmp/out, stderr in $tmp/err, status in $rc.
sig() {
    s=$1
    shift
    timeout -s KILL 60 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" &
    p=$!
    busy $p
    kill -s "$s" $p
    wait $p
    rc=$?
}
sig INT explore "$tmp/counter.yaml" --max-memory 512M
expect_rc "explore, SIGINT" 130
has "explore, SIGINT" "$tmp/out" "INCOMPLETE: stopped by SIGINT; the counts cover only the explored part"
# the race pass comes after the search, and the signal stops it too: it says so
has "explore, SIGINT: the partial report" "$tmp/out" "no deadlocks, no errors; no race found before the stop"
sig TERM explore "$tmp/counter.yaml" --max-memory 512M --json
expect_rc "explore --json, SIGTERM" 143
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(not (r["stopped_by"] == "SIGTERM" and r["complete"] is False))' \
    "$tmp/out" && ok || no "explore --json, SIGTERM: $(head -c 300 "$tmp/out")"
sig INT explore "$tmp/counter.yaml" --max-memory 512M --random 100000000
expect_rc "explore --random, SIGINT" 130
has "explore --random, SIGINT" "$tmp/out" "stopped by SIGINT"
mkdir -p "$tmp/sigtr/counter" && : >"$tmp/sigtr/counter/race-7.yaml"
sig INT explore "$tmp/counter.yaml" --max-memory 512M --traces "$tmp/sigtr"
expect_rc "explore --traces, SIGINT" 130
no_tmp "explore --traces, SIGINT" "$tmp/sigtr"
[ -e "$tmp/sigtr/counter/race-7.yaml" ] && no "explore --traces, SIGINT: a stale trace was left" || ok
mkdir -p "$tmp/many"
for i in 1 2 3; do cp "$tmp/counter.yaml" "$tmp/many/c$i.yaml"; done
printf 'old report\n' >"$tmp/old.xml"
sig INT check "$tmp/many" --max-memory 512M --junit "$tmp/old.xml" --traces "$tmp/ctr"
expect_rc "check, SIGINT" 130
has "check, SIGINT" "$tmp/out" "incomplete: stopped by SIGINT after"
has "check, SIGINT" "$tmp/out" "stopped by SIGINT: 2 programs not checked"
[ "$(tail -1 "$tmp/out")" = "0 passed, 1 failed" ] && ok || no "check, SIGINT: last line $(tail -1 "$tmp/out")"
err_is "check, SIGINT" "interleave: note: --junit '$tmp/old.xml' not written (stopped by SIGINT)"
[ "$(cat "$tmp/old.xml")" = "old report" ] && ok || no "check, SIGINT: the old JUnit report was lost"
no_tmp "check, SIGINT" "$tmp/ctr"
sig TERM check "$tmp/many" --max-memory 512M --tap
expect_rc "check --tap, SIGTERM" 143
has "check --tap, SIGTERM" "$tmp/out" "# stopped by SIGTERM: 2 programs not checked"
# Two signals at once are one request (`timeout` sends each signal to the
# command and to its process group): the report, not a kill.
timeout -s KILL 60 "$bin" explore "$tmp/counter.yaml" --max-memory 512M --traces "$tmp/sig2" >"$tmp/out" 2>&1 &
p=$!
busy $p
kill -INT $p
kill -INT $p
wait $p
rc=$?
expect_rc "explore, two SIGINTs" 130
no_tmp "explore, two SIGINTs" "$tmp/sig2"
has "explore, two SIGINTs" "$tmp/out" "INCOMPLETE: stopped by SIGINT"
# run is killed by a signal at once; caught while its trace is being
# written, the temporary goes with it.
mkdir -p "$tmp/rt"
timeout -s KILL 60 "$bin" run "$tmp/counter.yaml" --max-steps 300000 --trace "$tmp/rt/big.yaml" >/dev/null 2>&1 &
p=$!
seen=0
while kill -0 $p 2>/dev/null; do
    set -- "$tmp"/rt/.big.yaml.*.tmp
    if [ -e "$1" ]; then
        kill -s INT $p
        seen=1
        break
    fi
done
wait $p
rc=$?
if [ $seen = 1 ]; then
    expect_rc "run, SIGINT while writing" 130
    no_tmp "run, SIGINT while writing" "$tmp/rt"
    # renamed just before the signal came: then whole
    if [ -e "$tmp/rt/big.yaml" ]; then
        [ "$(tail -2 "$tmp/rt/big.yaml" | head -1 | cut -c1-15)" = "- {step: 300000" ] && ok ||
            no "run, SIGINT while writing: a partial trace appeared"
    else
        ok
    fi
else
    # the poll missed the write: then it must have succeeded
    [ $rc = 3 ] && [ -s "$tmp/rt/big.yaml" ] && ok || no "run --trace: exit $rc"
fi

finish
