#!/bin/sh
# Python files as programs (issue 15), end to end, for each binary given
# (default: the normal and the ASan build): explore, check, run and replay
# take FILE.py, and every line and column they print is the .py file's own:
#   - reports (races, deadlocks, errors) name the lines of the functions and
#     of main's module code; a runtime error's line, a load error's
#     FILE:LINE:COL (a body's continuation line, a CRLF file, a BOM, a
#     docstring's expect:);
#   - run --schedule on a .py, its swimlane's lines, --trace, and replay of
#     that trace and of the traces explore --traces writes for a .py;
#   - replay of a trace whose .py changed (exit 2, --force), looked up from
#     another directory;
#   - check on .py files: passing, failing with its trace, mixed with YAML
#     in a directory, and a name taken from the file when the docstring
#     has none.
# (tests/twins.py compares programs/*.py with their YAML twins; the refused
# constructs are tests/inputs/bad/*.py, run by tests/bad.sh.)
# Usage: tests/pyfiles.sh [BINARY...]
pass=0; fail=0
tmp=$(mktemp -d /tmp/il-pyfiles.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ $# -eq 0 ] && set -- ./interleave ./build/interleave-asan

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL pyfiles ($bin): $*"; }

# expect_exit WANT DESCRIPTION CMD...: runs CMD (stdout, stderr to files)
expect_exit() {
    wexit=$1; what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc -eq "$wexit" ]; then ok; else bad "$what: exit $rc, want $wexit"; head -3 "$tmp/err"; fi
}

# has FILE TEXT DESCRIPTION: FILE has the line TEXT (exactly)
has() {
    if grep -qxF -- "$2" "$1"; then ok; else bad "$3: no line '$2'"; sed 's/^/    /' "$1" | head -20; fi
}

# first FILE TEXT DESCRIPTION: FILE's first line is TEXT
first() {
    got=$(head -n 1 "$1")
    if [ "$got" = "$2" ]; then ok; else bad "$3"; echo "  want: $2"; echo "  got:  $got"; fi
}

# The programs: written here so that their lines are known.
cat >"$tmp/counter.py" <<'EOF'
"""
name: counter
expect:
  finals: [{count: 1}, {count: 2}]
"""
import threading

count = 0


def bump():
    global count
    n = count
    count = n + 1


def check():
    assert count < 5, "never"


a = threading.Thread(target=bump)
b = threading.Thread(target=bump)
a.start()
b.start()
a.join()
b.join()
print("count is", count)
EOF
cat >"$tmp/fails.py" <<'EOF'
import threading

x = 0


def worker():
    global x
    x = x + 1
    assert x == 1, "x was " \
        "changed"


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
EOF
cat >"$tmp/abba.py" <<'EOF'
import threading
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        with b:
            pass
def two():
    with b:
        with a:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
EOF

for bin in "$@"; do
    abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

    # ---- reports: the lines of the .py file
    expect_exit 1 "explore counter.py" "$bin" explore --color=never "$tmp/counter.py"
    has "$tmp/out" "race on count: a and b, either way round (1 thread pair): one reads it at line 13, the other writes it at line 14, with nothing ordering them" "counter.py race lines"
    has "$tmp/out" "race on count: a writes it at line 14, b writes it at line 14, with nothing ordering them" "counter.py write-write race"
    expect_exit 1 "explore fails.py" "$bin" explore --json "$tmp/fails.py"
    grep -q '"errors": \["t2: AssertionError at line 9"\]' "$tmp/out" && ok || bad "fails.py: t2's error at line 9"
    tr -d ' \n' <"$tmp/out" | grep -q '{"thread":"t1","line":9,"kind":"AssertionError","message":"xwaschanged"' && ok ||
        bad "fails.py: the error's line, kind and message (a string over two lines)"
    grep -q '"first": {"thread": "t1", "line": 8, "access": "read"}' "$tmp/out" && ok || bad "fails.py: race at line 8"
    expect_exit 1 "explore abba.py" "$bin" explore --json "$tmp/abba.py"
    grep -q '{"thread": "t1", "line": 6, "waiting_for": "lock b"}' "$tmp/out" &&
        grep -q '{"thread": "t2", "line": 10, "waiting_for": "lock a"}' "$tmp/out" && ok ||
        bad "abba.py: the blocked threads' lines"

    # ---- load errors: FILE:LINE:COL of the .py file
    printf 'import threading\n\n\ndef f():\n    print("a",\n          1.5)\n\n\nt = threading.Thread(target=f)\nt.start()\n' >"$tmp/cont.py"
    expect_exit 2 "a float on a continuation line" "$bin" explore "$tmp/cont.py"
    first "$tmp/err" "$tmp/cont.py:6:11: error: floats are not supported: values are 64-bit integers (a float may only be an amount of time: time.sleep(0.5), timeout=0.5, a Timer's interval)" "continuation line column"
    printf 'x = 0\r\nif x == 0:\r\n    print(x)\r\nprint(x, end=x)\r\n' >"$tmp/crlf.py"
    expect_exit 2 "CRLF file" "$bin" explore "$tmp/crlf.py"
    first "$tmp/err" "$tmp/crlf.py:4:14: error: print(end=...) must be a string literal, such as end=\"\"" "CRLF positions"
    printf '\357\273\277x = 0\nprint(x, sep=x)\n' >"$tmp/bom.py"
    expect_exit 2 "a BOM" "$bin" explore "$tmp/bom.py"
    first "$tmp/err" "$tmp/bom.py:2:14: error: print(sep=...) must be a string literal, such as sep=\", \"" "BOM file positions"
    printf '\357\273\277x = 0\nprint(x)\n' >"$tmp/bom_ok.py"
    expect_exit 0 "a BOM, then a good program" "$bin" explore "$tmp/bom_ok.py"
    printf '"""\nname: docpos\nabout: |\n  text\nexpect:\n  always: "x == = 1"\n"""\nx = 0\nprint(x)\n' >"$tmp/docpos.py"
    expect_exit 2 "a docstring's bad expect:" "$bin" check "$tmp/docpos.py"
    grep -qF "$tmp/docpos.py:6:17: error: expected an expression, got '='" "$tmp/err" && ok ||
        bad "docstring expression position: $(cat "$tmp/err")"
    printf '    """\nname: indented\n"""\n' >"$tmp/indent.py"
    expect_exit 2 "an indented first line" "$bin" explore "$tmp/indent.py"
    first "$tmp/err" "$tmp/indent.py:1:5: error: unexpected indent" "indented module"

    # ---- run and replay on a .py
    expect_exit 0 "run counter.py" "$bin" run --color=never "$tmp/counter.py" \
        --schedule main,main,a,b,a,b --trace "$tmp/run.yaml"
    sed 's/  *|/ |/g; s/  *$//' "$tmp/out" >"$tmp/lanes"
    has "$tmp/lanes" "    1 | 23: a.start()" "run: main's first step"
    has "$tmp/lanes" "    3 | | 13: n = count  count→0" "run: a's first step"
    has "$tmp/lanes" "    6 | | | 14: count = n + 1  count←1" "run: b's write"
    has "$tmp/out" "outcome: ok   output: \"count is 1\"   final: count=1" "run: the lost update"
    grep -q "^program: \"*$tmp/counter.py\"*$" "$tmp/run.yaml" && ok || bad "run --trace: program is the .py file"
    expect_exit 0 "replay run's trace" "$bin" replay --color=never "$tmp/run.yaml"
    has "$tmp/out" "reproduced: every step and the outcome match the trace" "replay of a .py run"
    expect_exit 2 "run: a thread that cannot move" "$bin" run "$tmp/counter.py" --schedule a
    first "$tmp/err" "interleave: error: step 1: a cannot move (not started); enabled: main" "run: not started yet"

    rm -rf "$tmp/tr"
    expect_exit 1 "explore --traces counter.py" "$bin" explore --traces "$tmp/tr" "$tmp/counter.py"
    n=0
    for t in "$tmp"/tr/counter/*.yaml; do
        n=$((n + 1))
        expect_exit 0 "replay $t" "$bin" replay --color=never "$t"
    done
    [ $n -ge 3 ] && ok || bad "explore --traces counter.py wrote $n traces"
    grep -q '{step: 3, thread: a, line: 13, code: "n = count", reads: {count: 0}}' "$tmp/tr/counter/race-1.yaml" && ok ||
        bad "race-1.yaml: the step's line and code"

    # a relative program path, found from the trace's directory; then the .py changes
    mkdir -p "$tmp/proj/programs" "$tmp/proj/traces"
    cp "$tmp/abba.py" "$tmp/proj/programs/abba.py"
    (cd "$tmp/proj" && "$abs" explore programs/abba.py --traces traces >/dev/null 2>&1)
    dl=$tmp/proj/traces/abba/deadlock-1.yaml
    [ -f "$dl" ] && ok || bad "no deadlock trace for abba.py"
    grep -q '^program: programs/abba.py$' "$dl" && ok || bad "the trace names the relative .py path"
    expect_exit 0 "replay the deadlock (found from elsewhere)" "$bin" replay --color=never "$dl"
    has "$tmp/out" "reproduced: every step and the outcome match the trace" "replay of abba.py's deadlock"
    sed -i 's/            pass/            x = 1/' "$tmp/proj/programs/abba.py"
    expect_exit 2 "replay after the .py changed" "$bin" replay "$dl"
    grep -q "abba.py has changed since this trace was written" "$tmp/err" && ok ||
        bad "changed .py: $(head -1 "$tmp/err")"
    expect_exit 0 "replay --force after the .py changed" "$bin" replay --force --color=never "$dl"

    # ---- check
    expect_exit 0 "check counter.py" "$bin" check "$tmp/counter.py"
    has "$tmp/out" "1 passed, 0 failed" "check counter.py"
    sed 's/{count: 1}, //' "$tmp/counter.py" >"$tmp/wrong.py"
    expect_exit 1 "check a wrong expectation" "$bin" check --traces "$tmp/ct" "$tmp/wrong.py"
    has "$tmp/out" "FAIL counter" "check wrong.py: FAIL"
    grep -q "unexpected final" "$tmp/out" && ok || bad "check wrong.py: what differs: $(cat "$tmp/out")"
    for t in "$tmp"/ct/counter/*.yaml; do expect_exit 0 "replay check's $t" "$bin" replay "$t"; done
    mkdir -p "$tmp/mixed"
    cp programs/lost_update.yaml programs/lost_update.py programs/daemon.py "$tmp/mixed/"
    printf 'print("no docstring")\n' >"$tmp/mixed/plain.py"
    expect_exit 1 "check a directory of .py and .yaml" "$bin" check "$tmp/mixed"
    sed 's/[0-9]*\.[0-9][0-9] s)/T s)/' "$tmp/out" >"$tmp/out2"
    has "$tmp/out2" "ok daemon-py (6 interleavings, 6 outcomes, T s)" "check dir: daemon.py"
    has "$tmp/out2" "ok lost-update-py (251 interleavings, 3 outcomes, T s)" "check dir: lost_update.py"
    has "$tmp/out2" "ok lost-update (70 interleavings, 3 outcomes, T s)" "check dir: lost_update.yaml"
    grep -q "^FAIL plain" "$tmp/out2" && ok || bad "check dir: plain.py (no expect:) fails, named after its file"
    has "$tmp/out2" "3 passed, 1 failed" "check dir: the count"
done

echo "pyfiles: $pass passed, $fail failed"
[ $fail -eq 0 ]
