#!/bin/sh
# Long and deep shapes the input controls (issue 12, item 3): operator
# chains of 100,000 terms on one 300 KB line, comparison chains, a 50,000
# branch elif chain, long expect: expressions, and nesting at and past the
# limits (200 open blocks, brackets and prefix operators in a body or an
# expression; 1000 YAML levels in a program, 64 in a trace). Chains are
# walked in loops (their length costs no C stack) and nesting is bounded,
# so every binary given runs each of them with an eighth of the usual
# stack (`ulimit -s 1024`) and gives exactly the result, or the message and
# exit status, written here; never a signal or a sanitizer report. The
# inputs are made here at run time: too big to commit.
# Usage: tests/deep.sh [BINARY...]   (default: ./interleave and the ASan build)
tmp=$(mktemp -d /tmp/il-deep.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
[ $# -eq 0 ] && set -- ./interleave ./build/interleave-asan
pass=0; fail=0
no() { fail=$((fail + 1)); echo "FAIL deep ($bin): $*"; }

# run ARGS...: `$bin ARGS` on a 1 MiB stack; stdout in
# $tmp/out, stderr in $tmp/err, the exit status in $rc.
run() {
    export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
    t0=$(date +%s)
    (ulimit -s 1024 && exec "$bin" "$@") >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    secs=$(($(date +%s) - t0))
}
# sane WHAT: no signal, no sanitizer report
sane() {
    if [ $rc -ge 128 ]; then no "$1: killed by signal $((rc - 128))"; return 1; fi
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err"; then
        no "$1: sanitizer report: $(grep -m1 ERROR "$tmp/err")"; return 1
    fi
}
# result NAME "CMD [OPTIONS]" RC TEXT: exit RC and a stdout line with TEXT
# (a fixed string)
result() {
    # shellcheck disable=SC2086
    run $2 "$tmp/$1.yaml"
    sane "$1" || return
    if [ $rc -ne "$3" ]; then no "$1: exit $rc, want $3 ($(head -c 300 "$tmp/err"))"; return; fi
    if grep -qF -- "$4" "$tmp/out"; then pass=$((pass + 1))
    else no "$1: no '$4' in: $(head -c 300 "$tmp/out")"; fi
}
# error NAME "CMD [OPTIONS]" WANT: exit 2 and WANT (FILE for the path) as
# stderr's first line
error() {
    f=$tmp/$1.yaml
    # shellcheck disable=SC2086
    run $2 "$f"
    sane "$1" || return
    want=$(printf '%s\n' "$3" | sed "s|FILE|$f|")
    got=$(head -n 1 "$tmp/err")
    if [ $rc -eq 2 ] && [ "$got" = "$want" ]; then pass=$((pass + 1))
    else no "$1: exit $rc; want: $want; got: $(printf '%.300s' "$got")"; fi
}

# prog NAME SHARED: a program of one thread t1 whose body is stdin (each
# line indented by 4), shared variables SHARED ("x: 0; y: 1"), then stdin's
# lines after a line `%expect` as the expect: block (indented by 2)
prog() {
    awk -v shared="$2" 'BEGIN { print "name: deep"; print "shared:"
        n = split(shared, v, "; "); for (i = 1; i <= n; i++) print "  " v[i]
        print "threads:"; print "  t1: |" }
        $0 == "%expect" { print "expect:"; ex = 1; next }
        { print (ex ? "  " : "    ") $0 }' >"$tmp/$1.yaml"
}
# rep N TEXT: TEXT N times, no newline
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# ---- the inputs. A body starts on line 5 + the number of shared
# variables, at column 5 ("x = " puts the expression at column 9); with a
# `%expect` block, its first line is 6 + that + the body's lines, and
# "  always: " puts the expression at column 11.
{ printf 'x = 1'; rep 150000 '+1'; echo; } | prog plus "x: 0"
{ printf 'x = 0'; rep 100000 ' - 1'; echo; } | prog minus "x: 0"
{ printf 'x = 1'; rep 20000 ' + 2 * 3 - 4 // 3 % 5'; echo; } | prog arith "x: 0"
{ printf 'x = y'; rep 100000 ' and y'; echo ' and 7'; } | prog and "x: 0; y: 1"
{ printf 'x = y'; rep 50000 ' and y'; printf ' and z'; rep 50000 ' and y'; echo; } | prog and_false "x: 5; y: 1; z: 0"
{ printf 'x = z'; rep 100000 ' or z'; echo ' or 5'; } | prog or "x: 0; z: 0"
{ printf 'x = '; rep 50000 'z and 1 or '; echo '3'; } | prog andor "x: 0; z: 0"
{ printf 'x = 0'; awk 'BEGIN { for (i = 1; i < 100000; i++) printf " < %d", i }'; echo; } | prog cmp "x: 5"
{ printf 'x = 0'; awk 'BEGIN { for (i = 1; i < 100000; i++) printf " <= %d", i }'; echo ' <= 5'; } | prog cmp_false "x: 5"
awk 'BEGIN { print "if x == 0:"; print "    y = 0"
    for (i = 1; i < 50000; i++) { print "elif x == " i ":"; print "    y = " i }
    print "else:"; print "    y = -1" }' | prog elif "x: 49999; y: 7"
{ printf 'while x < 3'; rep 100000 ' and y == 1'; echo ':'; echo '    x += 1'; } | prog while "x: 0; y: 1"
{ printf 'assert y == 1'; rep 100000 ' and y == 1'; echo ', "y"'; echo 'x = 1'; } | prog assert "x: 0; y: 1"
# 200 open blocks work; 100, the innermost holding 99 brackets; and the
# most a bracket can cost, each one a precedence level further down (198
# brackets; `y or` decides, so the inner ones are compiled, never run)
awk 'BEGIN { s = ""; for (k = 0; k < 100; k++) { print s "if x == 0:"; s = s " " }
    printf "%sx = ", s; for (k = 0; k < 99; k++) printf "(1 + "; printf "1"
    for (k = 0; k < 99; k++) printf ")"; print "" }' | prog blocks "x: 0"
awk 'BEGIN { s = ""; for (k = 0; k < 200; k++) { print s "while x == 0:"; s = s " " }
    print s "x = 1" }' | prog blocks200 "x: 0"
awk 'BEGIN { split("y or (|y and (|y < (|y + (|y * (|x[(", l, "|")
    printf "x[0] = "; for (k = 0; k < 170; k++) printf "%s", l[k % 6 + 1]; printf "0"
    for (k = 169; k >= 0; k--) printf "%s", (k % 6 == 5 ? ")]" : ")"); print "" }' | prog precedence "x: [0, 0]; y: 1"
{ printf 'x = 1'; rep 150000 '+1'; echo; echo '%expect'
  printf 'always: x == 1'; rep 150000 '+1'; printf ' and 0 < x'; rep 50000 ' <= x'; echo
  printf 'sometimes: x > 0'; rep 100000 ' and x > 0'; echo
  printf 'never: x < 0'; rep 100000 ' or x < 0'; echo; } | prog expect "x: 0"

# 200,000 distinct literals on one 1.3 MB line, 100,000 distinct strings:
# found by hashing, not by a search quadratic in their number (a minute, and
# two, before)
{ printf 'x = 1'; awk 'BEGIN { for (i = 2; i <= 200000; i++) printf "+%d", i }'; echo; } | prog distinct "x: 0"
awk 'BEGIN { for (i = 0; i < 100000; i++) print "print(\"s" i "\")" }' | prog strings "x: 0"

# bad input: one message, at the place
{ printf 'x = 1'; rep 150000 '+1'; echo ' / 2'; } | prog div "x: 0"
{ printf 'x = y'; rep 100000 ' and y'; echo ' and w'; } | prog undefined "x: 0; y: 1"
awk 'BEGIN { print "if x == 0:"; print "    y = 0"
    for (i = 1; i < 50000; i++) { print "elif x == " i ":"; print "    y = " i }
    print "elif x == v:"; print "    y = 1" }' | prog elif_undefined "x: 0; y: 0"
{ echo 'x = 1'; echo '%expect'; printf 'always: x == 1'; rep 100000 ' and x'; echo ' and w'; } | prog expect_undefined "x: 0"
{ echo 'x = 1'; echo '%expect'; printf 'always: x == 1'; rep 100000 ' + 1'; echo ' / 2'; } | prog expect_div "x: 0"
{ echo 'x = 1'; echo '%expect'; printf 'never: '; rep 10000 'not '; echo 'x'; } | prog expect_not "x: 0"
{ echo 'x = 1'; echo '%expect'; printf 'always: x == '; rep 10000 '- '; echo '1'; } | prog expect_minus "x: 0"
{ echo 'x = 1'; echo '%expect'; printf 'always: '; rep 10000 '('; printf 'x'; rep 10000 ')'; echo; } | prog expect_parens "x: 0"
{ echo 'x = 1'; echo '%expect'; printf 'always: x == 1'; rep 100000 ' + x'; echo ' // (x - 1)'; } | prog expect_zero "x: 0"
{ printf 'x[0] = '; rep 10000 'x['; printf '0'; rep 10000 ']'; echo; } | prog index "x: [0]"
awk 'BEGIN { s = ""; for (k = 0; k < 10000; k++) { print s "with m:"; s = s " " }
    print s "pass" }' | prog with "x: 0"
sed -i 's/^threads:$/sync:\n  m: RLock\nthreads:/' "$tmp/with.yaml"
{ printf 'x = 1'; rep 100000 ' * 2'; echo; } | prog overflow "x: 0"
{ printf 'x = 1'; rep 100000 ' + 1'; echo ' // y'; } | prog zero "x: 0; y: 0"
{ echo 'pass'; echo '%expect'; printf 'always: '; rep 100000 '['; rep 100000 ']'; echo; } | prog yaml_expect "x: 0"
{ printf 'name: deep\nshared:\n  x: '; rep 100000 '['; rep 100000 ']'; printf '\nthreads:\n  t1: pass\n'; } >"$tmp/yaml_shared.yaml"
printf 'name: deep\nshared:\n  x: [[1, 2], [3]]\nthreads:\n  t1: pass\n' >"$tmp/nested_list.yaml"
{ printf 'trace: 1\nprogram: prog.yaml\nprogram_sha256: 0\nschedule: [t1]\nsteps: '
  rep 100000 '['; rep 100000 ']'; echo; } >"$tmp/trace-deep.yaml"

for bin in "$@"; do
    result plus "explore --json" 0 '"final": {"x": 150001}'
    result minus "explore --json" 0 '"final": {"x": -100000}'
    result arith "explore --json" 0 '"final": {"x": 100001}'
    result and "explore --json" 0 '"final": {"x": 7, "y": 1}'
    result and_false "explore --json" 0 '"final": {"x": 0, "y": 1, "z": 0}'
    result or "explore --json" 0 '"final": {"x": 5, "z": 0}'
    result andor "explore --json" 0 '"final": {"x": 3, "z": 0}'
    result cmp "explore --json" 0 '"final": {"x": 1}'
    result cmp_false "explore --json" 0 '"final": {"x": 0}'
    result elif "explore --json" 0 '"final": {"x": 49999, "y": 49999}'
    result while "explore --json" 0 '"final": {"x": 3, "y": 1}'
    result assert "explore --json" 0 '"final": {"x": 1, "y": 1}'
    result blocks "explore --json" 0 '"final": {"x": 100}'
    result blocks200 "explore --json" 0 '"final": {"x": 1}'
    result precedence "explore --json" 0 '"final": {"x": [1, 0], "y": 1}'
    result expect check 0 '1 passed, 0 failed'
    result distinct "explore --json" 0 '"final": {"x": 20000100000}'
    [ "$secs" -le 30 ] || no "distinct: $secs s"
    result strings "explore --max-states 10" 3 'INCOMPLETE: stopped by --max-states'
    [ "$secs" -le 30 ] || no "strings: $secs s"
    result overflow "explore --json" 1 '"errors": ["t1: OverflowError at line 6"]'
    result zero "explore --json" 1 '"errors": ["t1: ZeroDivisionError at line 7"]'

    # `/` binds tighter than `+`: the error is the last term, `1 / 2`
    error div explore "FILE:6:$((9 + 2 * 150000)): error: '/' (true division) is not supported: values are integers, use '//'"
    error undefined explore "FILE:7:$((10 + 6 * 100000 + 5)): error: name 'w' is not defined (not a shared variable, sync object or thread, and never assigned in this thread)"
    # the last elif, after the if and 49,999 elifs of two lines each
    error elif_undefined explore "FILE:$((7 + 2 + 2 * 49999)):15: error: name 'v' is not defined (not a shared variable, sync object or thread, and never assigned in this thread)"
    error expect_undefined check "FILE:8:$((17 + 6 * 100000 + 5)): error: expect: always: name 'w' is not defined (only shared variables can be used)"
    error expect_div check "FILE:8:$((16 + 4 * 100000)): error: expect: always: '/' (true division) is not supported: values are integers, use '//'"
    error expect_zero check "FILE:8:$((16 + 4 * 100000)): error: expect: always: integer division or modulo by zero"
    # the 201st prefix operator or bracket is one too many
    error expect_not check "FILE:8:$((10 + 4 * 200)): error: nesting too deep (limit 200)"
    error expect_minus check "FILE:8:$((16 + 2 * 200)): error: nesting too deep (limit 200)"
    error expect_parens check "FILE:8:$((11 + 200)): error: nesting too deep (limit 200)"
    error index explore "FILE:6:$((13 + 2 * 200)): error: nesting too deep (limit 200)"
    # at the first line of the 201st block's body: the 202nd `with`
    error with explore "FILE:$((7 + 202)):$((4 + 202)): error: nesting too deep (limit 200)"
    # YAML levels count the mappings around: shared: or expect: is level 2
    error yaml_expect check "FILE:8:$((11 + 998)): error: nesting too deep (more than 1000 levels)"
    error yaml_shared explore "FILE:3:$((6 + 998)): error: nesting too deep (more than 1000 levels)"
    error nested_list explore "FILE:3:7: error: shared variable 'x' must be an integer, a list of integers, or {size: N, value: V}"
    error trace-deep "replay --force --color=never" "FILE:5:$((8 + 63)): error: nesting too deep (more than 64 levels)"
done
echo "deep: $pass passed, $fail failed"
[ $fail -eq 0 ]
