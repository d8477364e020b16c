#!/bin/sh
# `interleave check` end to end, on the fixtures under tests/check/:
#   pass/   every expect form holding        -> ok, exit 0
#   fail/   every form wrong on purpose      -> the exact `# want:` lines, exit 1,
#                                               and each trace named exists
#   bad/    malformed expect: blocks         -> `# want:` FILE:LINE:COL on stderr,
#                                               ERROR on stdout, exit 2
#   mixed/  pass, fail and bad in one directory (the others are still checked)
#   junit/  characters JUnit XML and TAP must escape
# plus programs/ itself, the copy-of-lost_update case of the issue, JUnit
# (validated with xmllint), TAP, limits and usage errors. Times print as
# "T s" and trace directories as TRACES before comparing.
# Usage: tests/check.sh ./interleave
bin=${1:-./interleave}
tmp=$(mktemp -d /tmp/il-check-test.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

ok() { pass=$((pass + 1)); }
no() {
    fail=$((fail + 1))
    echo "FAIL check: $*"
}

# run ARGS...: runs `check ARGS`, leaving stdout (normalised) in $tmp/out,
# stderr in $tmp/err and the exit status in $rc.
run() {
    "$bin" check "$@" >"$tmp/raw" 2>"$tmp/err"
    rc=$?
    sed -e "s|$tmp/traces|TRACES|g" -e 's/, [0-9][0-9]*\.[0-9][0-9] s)$/, T s)/' \
        "$tmp/raw" >"$tmp/out"
}

# expect_out NAME WANT: compares $tmp/out with WANT exactly.
expect_out() {
    if [ "$(cat "$tmp/out")" = "$2" ]; then
        ok
    else
        no "$1: stdout differs"
        printf '%s\n' "$2" >"$tmp/want"
        diff -u "$tmp/want" "$tmp/out" | head -30
    fi
}

expect_rc() {
    if [ "$rc" -eq "$2" ]; then ok; else no "$1: exit $rc, want $2"; fi
}

# Every trace a report names must exist; when `replay` is available it must
# reproduce the interleaving.
check_traces() {
    for t in $(sed -n 's/.*(trace: \([^)]*\)).*/\1/p' "$tmp/raw" | sort -u); do
        if [ ! -s "$t" ]; then
            no "$1: trace $t was not written"
            continue
        fi
        if "$bin" help replay >/dev/null 2>&1; then
            if "$bin" replay "$t" >/dev/null 2>"$tmp/replay-err"; then ok; else
                no "$1: replay $t failed: $(head -1 "$tmp/replay-err")"
            fi
        else
            ok
        fi
    done
}

# ---- the examples pass, and each expect form can pass -----------------------------
n=$(ls programs/*.yaml programs/*.py | wc -l)
run programs/
expect_rc "programs/" 0
if tail -n 1 "$tmp/out" | grep -qx "$n passed, 0 failed"; then ok; else
    no "programs/: last line is '$(tail -n 1 "$tmp/out")'"; fi

for f in tests/check/pass/*.yaml; do
    run "$f"
    expect_rc "$f" 0
    # without an expected count, check explores the reduced graph
    if grep -q '^ok [^ ]* ([0-9a-z]* interleavings*, [0-9]* outcomes*, T s)$' "$tmp/out" ||
       { ! grep -q '^  interleavings:' "$f" &&
         grep -q '^ok [^ ]* ([0-9]* outcomes*, reduced (no count expected), T s)$' "$tmp/out"; }; then ok
    else no "$f: $(head -n 3 "$tmp/out")"; fi
done

# ---- each form wrong on purpose -------------------------------------------------------
for f in tests/check/fail/*.yaml; do
    want=$(sed -n 's/^# want: //p' "$f")
    run "$f" --traces "$tmp/traces"
    expect_rc "$f" 1
    expect_out "$f" "$want
0 passed, 1 failed"
    check_traces "$f"
done

# ---- malformed expect: blocks (and programs that do not load) -------------------------
for f in tests/check/bad/*.yaml; do
    want=$(sed -n '1s/^# want: //p' "$f" | sed "s|FILE|$f|")
    name=$(sed -n 's/^name: //p' "$f")
    run "$f"
    expect_rc "$f" 2
    if [ "$(head -n 1 "$tmp/err")" = "$want" ]; then ok; else
        no "$f: stderr"
        echo "  want: $want"
        echo "  got:  $(head -n 1 "$tmp/err")"
    fi
    # The name when the program loaded, else the file.
    head=$(head -n 1 "$tmp/out")
    [ "$head" = "ERROR $name" ] || [ "$head" = "ERROR $f" ] || no "$f: first line '$head'"
    expect_out "$f" "$head
  $want
1 program could not be checked (bad input, see above)
0 passed, 0 failed"
done

# ---- a directory mixing pass, fail and bad input: all are checked, in order ------------
mixed_want="ok mixed-pass-a (6 interleavings, 2 outcomes, T s)
FAIL mixed-fail-b
  unexpected final {x: 1} (trace: TRACES/mixed-fail-b/unexpected-1.yaml)
ERROR mixed-bad-c
  tests/check/mixed/c_bad.yaml:8:17: error: expect: always: name 'z' is not defined (only shared variables can be used)
ok mixed-pass-d (1 outcome, reduced (no count expected), T s)
1 program could not be checked (bad input, see above)
2 passed, 1 failed"
run tests/check/mixed --traces "$tmp/traces" --junit "$tmp/mixed.xml"
expect_rc "mixed/" 2
expect_out "mixed/" "$mixed_want"

# JUnit: well-formed, and the counts and verdicts CI servers read.
if xmllint --noout "$tmp/mixed.xml" 2>"$tmp/xerr"; then ok; else no "mixed.xml: $(head -3 "$tmp/xerr")"; fi
xp() { xmllint --xpath "$1" "$tmp/mixed.xml" 2>/dev/null; }
[ "$(xp 'string(/testsuites/testsuite/@tests)')" = 4 ] && ok || no "junit: tests"
[ "$(xp 'string(/testsuites/testsuite/@failures)')" = 1 ] && ok || no "junit: failures"
[ "$(xp 'string(/testsuites/testsuite/@errors)')" = 1 ] && ok || no "junit: errors"
[ "$(xp 'count(//testcase)')" = 4 ] && ok || no "junit: testcases"
[ "$(xp 'string(//testcase[@name="mixed-fail-b"]/failure)')" = \
  "unexpected final {x: 1} (trace: $tmp/traces/mixed-fail-b/unexpected-1.yaml)" ] && ok ||
    no "junit: failure text"
xp 'string(//testcase[@name="mixed-bad-c"]/error/@message)' | grep -q '^tests/check/mixed/c_bad.yaml:8:17: error: ' &&
    ok || no "junit: error message"
[ "$(xp 'count(//testcase[@name="mixed-pass-a"]/*)')" = 0 ] && ok || no "junit: passing testcase"

# Without the bad program: exit 1.
run tests/check/mixed/a_pass.yaml tests/check/mixed/b_fail.yaml tests/check/mixed/d_pass.yaml \
    --traces "$tmp/traces"
expect_rc "mixed without bad input" 1
[ "$(tail -n 1 "$tmp/out")" = "2 passed, 1 failed" ] && ok || no "mixed: summary"

# TAP 13: exact, and readable by a TAP consumer when one is installed.
run tests/check/mixed --tap --traces "$tmp/traces"
expect_rc "tap" 2
expect_out "tap" "TAP version 13
1..4
ok 1 - mixed-pass-a
not ok 2 - mixed-fail-b
  ---
  message: \"unexpected final {x: 1} (trace: TRACES/mixed-fail-b/unexpected-1.yaml)\"
  severity: fail
  file: \"tests/check/mixed/b_fail.yaml\"
  diff: |
    unexpected final {x: 1} (trace: TRACES/mixed-fail-b/unexpected-1.yaml)
  ...
not ok 3 - mixed-bad-c
  ---
  message: \"tests/check/mixed/c_bad.yaml:8:17: error: expect: always: name 'z' is not defined (only shared variables can be used)\"
  severity: error
  file: \"tests/check/mixed/c_bad.yaml\"
  ...
ok 4 - mixed-pass-d
# 1 could not be checked (bad input)
# 2 passed, 1 failed"
# prove (perl, installed by `make deps`) must read our TAP; never skipped.
cp "$tmp/raw" "$tmp/mixed.tap"
prove --exec cat "$tmp/mixed.tap" >"$tmp/prove" 2>&1
grep -q 'Failed tests:  2-3' "$tmp/prove" && ok || no "prove: $(cat "$tmp/prove")"

# Escaping: XML-special characters, a control character, UTF-8, TAP's '#'.
run tests/check/junit --traces "$tmp/traces" --junit "$tmp/weird.xml" --tap
expect_rc "junit/" 1
if xmllint --noout "$tmp/weird.xml" 2>"$tmp/xerr"; then ok; else no "weird.xml: $(head -3 "$tmp/xerr")"; fi
[ "$(xmllint --xpath 'string(//testcase/@name)' "$tmp/weird.xml")" = "weird <&> \"q\" 'a' #1 é\\x01" ] &&
    ok || no "junit: escaped name"
xmllint --xpath 'string(//failure)' "$tmp/weird.xml" | grep -qF 'unexpected output ["<b> & \"c\" ü"]' &&
    ok || no "junit: escaped output"
grep -qxF "not ok 1 - weird <&> \"q\" 'a' \\#1 é\\x01" "$tmp/out" && ok || no "tap: escaped name"

# ---- the issue's example: one expected output changed in a copy of lost_update --------
sed 's/^    - \[1, 2\]$/    - [1, 3]/' programs/lost_update.yaml >"$tmp/lost_update.yaml"
run "$tmp/lost_update.yaml" --traces "$tmp/traces"
expect_rc "lost_update copy" 1
expect_out "lost_update copy" "FAIL lost-update
  missing output [1, 3]
  unexpected output [1, 2] (trace: TRACES/lost-update/unexpected-1.yaml)
0 passed, 1 failed"
check_traces "lost_update copy"
# Without --traces, a fresh directory under /tmp.
run "$tmp/lost_update.yaml"
t=$(sed -n 's/.*(trace: \(\/tmp\/interleave-check-[^/]*\)\/lost-update\/unexpected-1.yaml).*/\1/p' "$tmp/out")
if [ -n "$t" ] && [ -s "$t/lost-update/unexpected-1.yaml" ]; then ok; else no "default trace dir: $(cat "$tmp/out")"; fi
[ -n "$t" ] && rm -rf "$t"

# Two programs with one name keep their traces apart.
mkdir -p "$tmp/twins"
cp tests/check/fail/outputs.yaml "$tmp/twins/a.yaml"
cp tests/check/fail/outputs.yaml "$tmp/twins/b.yaml"
run "$tmp/twins" --traces "$tmp/traces/nested/dir"
expect_rc "twins" 1
grep -q "(trace: TRACES/nested/dir/fail-outputs/unexpected-1.yaml)" "$tmp/out" &&
    grep -q "(trace: TRACES/nested/dir/fail-outputs-2/unexpected-1.yaml)" "$tmp/out" && ok ||
    no "twins: $(cat "$tmp/out")"

# A name: of 300 characters is legal; its trace directory is cut to 200
# bytes (NAME_MAX is 255), so the trace is written and replays.
long=$(printf '%0300d' 0 | tr 0 n)
sed "s/^name: .*/name: $long/" tests/check/fail/outputs.yaml >"$tmp/long_name.yaml"
run "$tmp/long_name.yaml" --traces "$tmp/traces"
expect_rc "300-character name" 1
short=$(printf '%0200d' 0 | tr 0 n)
grep -q "(trace: TRACES/$short/unexpected-1.yaml)" "$tmp/out" &&
    "$bin" replay "$tmp/traces/$short/unexpected-1.yaml" >/dev/null 2>&1 && ok ||
    no "300-character name: $(head -c 600 "$tmp/out")"

# A reused --traces directory holds this run's traces only (other files stay).
touch "$tmp/traces/fail-outputs/unexpected-9.yaml" "$tmp/traces/fail-outputs/notes.txt"
run tests/check/fail/outputs.yaml --traces "$tmp/traces"
[ ! -e "$tmp/traces/fail-outputs/unexpected-9.yaml" ] && [ -e "$tmp/traces/fail-outputs/notes.txt" ] &&
    [ -s "$tmp/traces/fail-outputs/unexpected-2.yaml" ] && ok || no "stale traces were kept"

# Programs sharing a name get NAME, NAME-2, ... (a table, not a search of
# every directory taken for every k); a program called same-2 keeps its own.
mkdir -p "$tmp/same"
for f in a:same b:same-2 c:same d:same; do
    printf 'name: %s\nthreads:\n  t1: |\n    print(1)\nexpect:\n  outputs: [[2]]\n' "${f#*:}" >"$tmp/same/${f%%:*}.yaml"
done
run "$tmp/same" --traces "$tmp/traces"
expect_rc "same names" 1
[ "$(sed -n 's/.*(trace: TRACES\/\([^/]*\)\/unexpected-1.yaml)$/\1/p' "$tmp/out" | tr '\n' ' ')" = "same same-2 same-3 same-4 " ] &&
    ok || no "same names: $(cat "$tmp/out")"

# ---- size: 200,000 finals: and outputs: entries (sorted once, not n^2) -----------------
# x ends 1 or 2 (printing 1 or 2): every other entry is missing, each reported once.
big() { # KIND N: a program whose expect: has N entries of KIND
    awk -v kind="$1" -v n="$2" 'BEGIN {
        print "name: big-" kind; print "shared:"; print "  x: 0"
        print "threads:"; print "  t1: |"; print "    x = x + 1"; print "    print(x)"
        print "  t2: |"; print "    x = 1"; print "expect:"; print "  " kind ":"
        for (i = 1; i <= n; i++) print (kind == "finals" ? "    - {x: " i "}" : "    - [" i "]")
    }' >"$tmp/big-$1.yaml"
}
for kind in finals outputs; do
    big $kind 200000
    timeout 20 "$bin" check "$tmp/big-$kind.yaml" >"$tmp/raw" 2>"$tmp/err"
    rc=$?
    expect_rc "200,000 $kind: entries" 1
    sed -n '2,4p;$p' "$tmp/raw" | sed 's/ (trace: .*//' >"$tmp/out"
    if [ $kind = finals ]; then
        expect_out "200,000 finals: entries" "  missing final {x: 3}
  missing final {x: 4}
  missing final {x: 5}
0 passed, 1 failed"
        grep -qx '  ... and 199978 more missing finals' "$tmp/raw" && ok || no "200,000 finals: count"
    else
        expect_out "200,000 outputs: entries" "  missing output [3]
  missing output [4]
  missing output [5]
0 passed, 1 failed"
    fi
done

# ---- limits, verbose, usage -------------------------------------------------------------
run programs/locked_counter.yaml --max-states 20
expect_rc "--max-states" 3
grep -q '^  incomplete: stopped by --max-states after [0-9]* states, so the expectations cannot be confirmed$' "$tmp/out" &&
    ok || no "--max-states: $(cat "$tmp/out")"
run programs/locked_counter.yaml tests/check/fail/never.yaml --max-states 20 --traces "$tmp/traces"
expect_rc "--max-states and a failure" 1

run tests/check/pass/races.yaml -v
expect_rc "-v" 0
grep -qx '  checked: finals, races, interleavings' "$tmp/out" && ok || no "-v note"
run tests/check/pass/races.yaml
grep -q note "$tmp/out" && no "note without -v" || ok

# ---- --print (python.md F3): the steps, and so the expectations, change with it
run programs/print_torn.yaml programs/print_torn.py
expect_rc "print: cpython programs" 0
run programs/print_torn.yaml --print=atomic
expect_rc "print_torn.yaml --print=atomic" 1
expect_out "print_torn.yaml --print=atomic" 'FAIL print-torn
  missing output [pingpong, ""]
  missing output [pongping, ""]
  interleavings: expected 20, got 2
0 passed, 1 failed'
run programs/lost_update.yaml --print=cpython --traces "$tmp/traces"
expect_rc "lost_update.yaml --print=cpython" 1
grep -qx '  unexpected output \[2, 1\] (trace: TRACES/lost-update/unexpected-3.yaml)' "$tmp/out" &&
    grep -qx '  interleavings: expected 70, got 924' "$tmp/out" &&
    grep -qx 'print: cpython' "$tmp/traces/lost-update/unexpected-3.yaml" && ok ||
    no "lost_update.yaml --print=cpython: $(cat "$tmp/out")"
"$bin" replay "$tmp/traces/lost-update/unexpected-3.yaml" >/dev/null 2>&1 && ok ||
    no "the trace of a --print=cpython difference does not replay"
run programs/lost_update.yaml --print=fast
expect_rc "--print=fast" 2
grep -qx "interleave: error: --print expects atomic or cpython, got 'fast'" "$tmp/err" && ok ||
    no "--print=fast: $(cat "$tmp/err")"

run
expect_rc "no arguments" 2
run ""
expect_rc "an empty path" 2
grep -qx "interleave: error: check expects PROGRAM.yaml files or directories, got ''" "$tmp/err" && ok ||
    no "an empty path: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && no "usage error printed on stdout" || ok
run programs/ --bogus
expect_rc "unknown option" 2
run programs/ --max-states 0
expect_rc "--max-states 0" 2
run programs/ --junit "$tmp/no/such/dir/report.xml"
expect_rc "unwritable --junit" 5 # an I/O error (tests/files.sh), before any exploring
grep -qxF "interleave: error: cannot write '$tmp/no/such/dir/report.xml': No such file or directory" "$tmp/err" &&
    ok || no "unwritable --junit: message: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && no "unwritable --junit: stdout not empty" || ok
run "$tmp/missing.yaml" tests/check/pass/deadlock.yaml
expect_rc "missing file" 2
grep -qx "ERROR $tmp/missing.yaml" "$tmp/raw" && grep -q '^ok pass-deadlock' "$tmp/out" && ok ||
    no "missing file: $(cat "$tmp/out")"
mkdir -p "$tmp/empty"
run "$tmp/empty"
expect_rc "empty directory" 2
grep -q "no \*.yaml or \*.py files in directory" "$tmp/err" && ok || no "empty directory message"
"$bin" check --help >"$tmp/out" 2>&1 && grep -q -- '--junit FILE' "$tmp/out" && ok || no "check --help"

echo "check tests: $pass passed, $fail failed"
[ $fail -eq 0 ]
