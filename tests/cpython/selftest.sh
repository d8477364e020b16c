#!/bin/sh
# tests/cpython/selftest.sh INTERLEAVE - the CPython harness (run.py) can
# fail, and says why: each program of inputs/ passes against the tool's real
# report, and fails (exit 1, the missing CPython outcome named in full)
# against a recorded report wrong in one field: output, final, status
# (a CPython hang is a deadlock), errors (kind and line, in a thread and in
# main). A busy program that never ends is a timeout, not a deadlock. The
# allow-list turns a matching miss into KNOWN (exit 0) and no other; a
# malformed one is exit 2.
suite=cpython-self
. "$(dirname "$0")/../lib.sh"
il=${1:-./interleave}
in=tests/cpython/inputs
run() { # OUT ARGS...: run.py with no allow-list unless given; sets rc
    out=$1; shift
    python3 tests/cpython/run.py --interleave "$il" --known '' "$@" >"$tmp/$out" 2>"$tmp/err"
    rc=$?
}

"$il" check $in/ >"$tmp/check" 2>&1; rc=$?
expect_rc "interleave check $in/" 0

run one -n 4 $in/always_one.py
expect_rc "always_one.py, real report" 0
has "always_one.py, real report" "$tmp/one" "$in/always_one.py: 4 runs, 1 CPython outcomes, 1 tool outcomes, CPython reached 1 of them (100%), 0 misses"

for field in output final; do
    run "one-$field" -n 3 --tool-json $in/always_one.$field.json $in/always_one.py
    expect_rc "always_one.py, wrong $field" 1
    has "always_one.py, wrong $field" "$tmp/one-$field" \
        "FAIL $in/always_one.py: the tool does not reach this CPython outcome (3 of 3 runs): status=ok output=[\"1\"] final={x: 1}"
done

run hang -n 3 $in/hang.py
expect_rc "hang.py, real report" 0
has "hang.py, real report" "$tmp/hang" "$in/hang.py: 3 runs, 1 CPython outcomes, 1 tool outcomes, CPython reached 1 of them (100%), 0 misses"
run hang-status -n 3 --tool-json $in/hang.status.json $in/hang.py
expect_rc "hang.py, ok for deadlock" 1
has "hang.py, ok for deadlock" "$tmp/hang-status" \
    "FAIL $in/hang.py: the tool does not reach this CPython outcome (3 of 3 runs): status=deadlock output=[\"started\"] final={} (blocked: main, t)"

run fails -n 3 $in/fails.py
expect_rc "fails.py, real report" 0
has "fails.py, real report" "$tmp/fails" "$in/fails.py: 3 runs, 1 CPython outcomes, 1 tool outcomes, CPython reached 1 of them (100%), 0 misses"
run fails-errors -n 3 --tool-json $in/fails.errors.json $in/fails.py
expect_rc "fails.py, wrong error line" 1
has "fails.py, wrong error line" "$tmp/fails-errors" \
    "FAIL $in/fails.py: the tool does not reach this CPython outcome (3 of 3 runs): status=error output=[\"after\"] final={x: 0} errors=[\"main: AssertionError at line 24\", \"t: AssertionError at line 17\"]"

run spin -n 2 --timeout 2 $in/spin.py
expect_rc "spin.py" 1
has "spin.py" "$tmp/spin" \
    "FAIL $in/spin.py: the tool does not reach this CPython outcome (2 of 2 runs): status=timeout output=[] final={} (still running after 2 s: main, t)"

run known -n 2 --known $in/known_test.txt --tool-json $in/always_one.output.json $in/always_one.py
expect_rc "always_one.py, allow-listed" 0
has "always_one.py, allow-listed" "$tmp/known" \
    "KNOWN $in/always_one.py: 2 of 2 runs: status=ok output=[\"1\"] final={x: 1} -- the test's recorded report says \"0\" (python.md T1; known.txt:4)"
has "always_one.py, allow-listed" "$tmp/known" "0 misses failed, 1 known (allow-list)"
run known-no -n 2 --known $in/known_test.txt --tool-json $in/hang.status.json $in/hang.py
expect_rc "hang.py, allow-list entry that does not match" 1
has "hang.py, allow-list entry that does not match" "$tmp/known-no" "FAIL $in/hang.py: "

printf 'always_one.py | F1 | x\n' >"$tmp/bad.txt"
run bad -n 1 --known "$tmp/bad.txt" $in/always_one.py
expect_rc "malformed allow-list" 2
has "malformed allow-list" "$tmp/err" "$tmp/bad.txt:1:1: error: want 'PROGRAM | RULE | REGEX | REASON'"

run two --tool-json $in/hang.status.json $in/hang.py $in/fails.py
expect_rc "--tool-json with two programs" 2

finish
