#!/bin/sh
# Traces, replay and run, end to end, for each binary given (default: the
# normal and the ASan build):
#   - every committed trace under traces/ replays (a change in semantics shows
#     up here as a divergence);
#   - round trip: every trace `explore --traces` writes for every program in
#     programs/ (YAML and Python files) replays, and outcome-N ends with the report's N-th outcome;
#   - each tests/traces-bad/*.yaml fails as its first lines say:
#       # expect: FILE:LINE:COL: error: message   (first line of stderr)
#       # exit: 1 or 2                            (2: nothing on stdout)
#   - the deadlock story of the issue: shown, edited (exit 1), program
#     changed (exit 2, and --force);
#   - `run`: schedules, its errors, --trace, --max-steps; --step and --color.
# Usage: tests/replay.sh [--valgrind] [BINARY...]
# --valgrind runs each binary under valgrind (a memory error or leak makes
# it exit 99, which no check expects).
pass=0; fail=0
tmp=$(mktemp -d /tmp/il-replay.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
vg=0
[ "$1" = --valgrind ] && { vg=1; shift; }
[ $# -eq 0 ] && set -- ./interleave ./build/interleave-asan
if [ $vg = 1 ]; then
    i=0
    for b in "$@"; do
        i=$((i + 1))
        abs=$(cd "$(dirname "$b")" && pwd)/$(basename "$b")
        printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all %s "$@"\n' \
            "$abs" >"$tmp/vg$i"
        chmod +x "$tmp/vg$i"
        set -- "$@" "$tmp/vg$i"
    done
    shift $i
fi

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL replay ($bin): $*"; }

# expect_exit WANT DESCRIPTION CMD...: runs CMD (stdout, stderr to files)
expect_exit() {
    wexit=$1; what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc -eq "$wexit" ]; then ok; else bad "$what: exit $rc, want $wexit"; head -3 "$tmp/err"; fi
}

# expect_first FILE TEXT DESCRIPTION: FILE's first line is TEXT
expect_first() {
    got=$(head -n 1 "$1")
    if [ "$got" = "$2" ]; then ok; else bad "$3"; echo "  want: $2"; echo "  got:  $got"; fi
}

for bin in "$@"; do
    # ---- committed traces
    for f in $(find traces -name '*.yaml' | sort); do
        expect_exit 0 "replay $f" "$bin" replay --color=never "$f"
    done

    # ---- round trip over programs/
    rm -rf "$tmp/rt"
    for prog in programs/*.yaml programs/*.py; do
        "$bin" explore --json --traces "$tmp/rt" "$prog" >"$tmp/json" 2>"$tmp/err"
        [ $? -le 1 ] || { bad "explore --traces $prog"; head -3 "$tmp/err"; continue; }
        statuses=$(sed -n '/"outcomes"/,/"deadlocks"/s/.*"status": "\([a-z]*\)".*/\1/p' "$tmp/json")
        n=0
        for st in $statuses; do
            n=$((n + 1))
            t=$(grep -o "\"[^\"]*/outcome-$n.yaml\"" "$tmp/json" | tr -d '"')
            if [ -z "$t" ] || [ ! -f "$t" ]; then bad "$prog: no trace for outcome $n"; continue; fi
            expect_exit 0 "replay $t" "$bin" replay --color=never "$t"
            got=$(sed -n 's/^outcome: \([a-z]*\) .*/\1/p' "$tmp/out")
            [ "$got" = "$st" ] && ok || bad "$t ends $got, the report's outcome $n is $st"
        done
        for t in $(grep -o '"trace": "[^"]*"' "$tmp/json" | sed 's/"trace": "\(.*\)"/\1/'); do
            case $t in */outcome-*) continue ;; esac
            expect_exit 0 "replay $t" "$bin" replay --color=never "$t"
        done
    done

    # numbered traces of an earlier run beyond this run's numbers go; others stay
    cp "$tmp/rt/lost-update/outcome-1.yaml" "$tmp/rt/lost-update/outcome-9.yaml"
    touch "$tmp/rt/lost-update/notes.txt"
    "$bin" explore --traces "$tmp/rt" programs/lost_update.yaml >/dev/null 2>&1
    [ ! -e "$tmp/rt/lost-update/outcome-9.yaml" ] && [ -e "$tmp/rt/lost-update/notes.txt" ] && ok \
        || bad "explore --traces leaves stale traces or removes other files"

    # ---- python.md F3: a trace records --print=cpython, and replay re-runs its steps
    rm -rf "$tmp/cpy"
    "$bin" explore --json --print=cpython --traces "$tmp/cpy" programs/lost_update.yaml >"$tmp/json" 2>"$tmp/err"
    [ $? -eq 1 ] && ok || { bad "explore --print=cpython --traces"; head -3 "$tmp/err"; }
    ntr=0
    for t in "$tmp"/cpy/lost-update/*.yaml; do
        ntr=$((ntr + 1))
        grep -qx 'print: cpython' "$t" && ok || bad "$t does not record print: cpython"
        expect_exit 0 "replay $t" "$bin" replay --color=never "$t"
    done
    [ $ntr -eq 13 ] && ok || bad "lost_update --print=cpython: $ntr traces, want 13 (8 outcomes, 5 races)"
    # outcome 3 is the torn ["11", ""]: its steps write "1", "1", "\n", "\n"
    t=$tmp/cpy/lost-update/outcome-3.yaml
    grep -q '^outcome: {status: ok, output: \["11", ""\]' "$t" && [ "$(grep -c 'output: "\\n"' "$t")" -eq 2 ] &&
        ok || { bad "$t is not the torn outcome, text and end as steps"; cat "$t"; }
    # without the mode the program's own (atomic) steps do not fit the schedule
    grep -v '^print: ' "$t" >"$tmp/cpy/no-mode.yaml"
    expect_exit 1 "a cpython trace without its print: key" "$bin" replay --color=never "$tmp/cpy/no-mode.yaml"
    sed 's/^print: cpython/print: atomic/' "$t" >"$tmp/cpy/atomic.yaml"
    expect_exit 1 "a cpython trace made atomic" "$bin" replay --color=never "$tmp/cpy/atomic.yaml"
    # a program that says print: cpython, run as --print=atomic: the trace says atomic
    "$bin" run --print=atomic --trace "$tmp/cpy/torn-atomic.yaml" programs/print_torn.yaml >"$tmp/out" 2>"$tmp/err"
    grep -qx 'print: atomic' "$tmp/cpy/torn-atomic.yaml" && grep -q 'schedule: \[t1, t2\]' "$tmp/cpy/torn-atomic.yaml" &&
        ok || { bad "run --print=atomic of print_torn.yaml"; cat "$tmp/cpy/torn-atomic.yaml"; }
    expect_exit 0 "replay the atomic run of print_torn" "$bin" replay --color=never "$tmp/cpy/torn-atomic.yaml"
    # and the torn line step by step: t1's text, t2's text, then the two ends
    "$bin" run --color=never --schedule t1,t1,t2,t2 --trace "$tmp/cpy/torn.yaml" programs/print_torn.yaml >"$tmp/out" 2>"$tmp/err"
    grep -q '^outcome: ok   output: pingpong ""' "$tmp/out" && ok || { bad "run of the torn line"; cat "$tmp/out"; }
    expect_exit 0 "replay the torn line" "$bin" replay --color=never "$tmp/cpy/torn.yaml"
    [ "$(grep -c 'print(\"p[io]ng\")  print → \"\\n\"' "$tmp/out")" -eq 2 ] && ok ||
        { bad "the ends of the torn line are not shown as steps"; cat "$tmp/out"; }

    # ---- malformed and diverging traces
    for f in tests/traces-bad/*.yaml; do
        want=$(sed -n '1s/^# expect: //p' "$f" | sed "s|FILE|$f|")
        code=$(sed -n '2s/^# exit: //p' "$f")
        expect_exit "$code" "$f" "$bin" replay --color=never "$f"
        expect_first "$tmp/err" "$want" "$f: message"
        if [ "$code" = 2 ] && [ -s "$tmp/out" ]; then bad "$f: stdout not empty"; fi
    done

    # ---- the issue's story: a deadlock, shown, edited, its program changed
    # (a name of its own: replay looks in the current directory first, then
    # next to the trace and above it, where this copy is)
    rm -rf "$tmp/story"
    mkdir -p "$tmp/story/programs"
    cp programs/deadlock_abba.yaml "$tmp/story/programs/story_abba.yaml"
    abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
    (cd "$tmp/story" && "$abs" explore programs/story_abba.yaml --traces traces >/dev/null)
    dl=$tmp/story/traces/deadlock-abba/deadlock-1.yaml
    expect_exit 0 "replay the deadlock" "$bin" replay --color=never "$dl"
    end=$(grep '^  end |' "$tmp/out" | grep -o 'BLOCKED' | wc -l)
    [ "$end" -eq 2 ] && ok || bad "the deadlock's last row does not show both threads blocked"
    sed 's/^schedule: \[t1, t2\]/schedule: [t1, t1]/' "$dl" >"$tmp/story/edited.yaml"
    expect_exit 1 "edited schedule" "$bin" replay --color=never "$tmp/story/edited.yaml"
    grep -q 'error: step 2: ' "$tmp/err" && ok || bad "the divergence does not name step 2"
    sed -i 's/done += 1/done += 2/' "$tmp/story/programs/story_abba.yaml"
    expect_exit 2 "changed program" "$bin" replay --color=never "$dl"
    grep -q 'has changed since this trace was written.*--force' "$tmp/err" && ok \
        || bad "a changed program is not refused with a hint at --force"
    expect_exit 0 "--force" "$bin" replay --force --color=never "$dl"

    # ---- names YAML would read as null, bool or number stay strings: threads,
    # variables and program files called null, yes, ~, 0x10, 1e3, -.5 (quoted in
    # the trace, so replay and YAML 1.1 readers such as PyYAML read strings)
    rm -rf "$tmp/typed"
    mkdir -p "$tmp/typed"
    printf 'shared:\n  yes: 0\n  on: [0, 0]\nthreads:\n  null: |\n    yes = 1\n  y: |\n    on[0] = yes\n  n: |\n    print(1)\n' \
        >"$tmp/typed/prog"
    for f in '~' null.yaml 0x10 1e3 yes -.5; do
        cp "$tmp/typed/prog" "$tmp/typed/$f"
        (cd "$tmp/typed" && "$abs" explore --traces tr -- "$f" >/dev/null 2>"$tmp/err")
        [ $? -eq 1 ] && ok || { bad "explore --traces of a program file named $f"; head -3 "$tmp/err"; }
    done
    ntr=0
    for t in "$tmp"/typed/tr/*/*.yaml; do
        ntr=$((ntr + 1))
        (cd "$tmp/typed" && "$abs" replay --color=never "$t" >/dev/null 2>"$tmp/err") && ok ||
            { bad "replay $t"; head -3 "$tmp/err"; }
    done
    [ $ntr -eq 18 ] && ok || bad "typed names: $ntr traces, want 18"
    t=$tmp/typed/tr/_/outcome-1.yaml
    grep -qx 'program: "~"' "$t" && grep -q '^schedule: \[.*"null".*\]$' "$t" &&
        grep -q '^outcome: .*final: {"yes": [01], "on": \[0, 0\]}}$' "$t" && ok ||
        { bad "typed names are not quoted in $t"; cat "$t"; }

    # ---- run
    expect_exit 0 "run lost_update" "$bin" run programs/lost_update.yaml --schedule t1,t1,t2,t2,t2,t2 \
        --trace "$tmp/run.yaml" --color=never
    grep -q '^outcome: ok ' "$tmp/out" && ok || bad "run prints no outcome line"
    grep -q '^schedule: t1,t1,t2,t2,t2,t2,t1,t1$' "$tmp/out" && ok || bad "run prints the wrong schedule"
    expect_exit 0 "replay a run's trace" "$bin" replay --color=never "$tmp/run.yaml"
    expect_exit 1 "run into a deadlock" "$bin" run programs/deadlock_abba.yaml --schedule t1,t2 --color=never
    expect_exit 2 "unknown thread" "$bin" run programs/deadlock_abba.yaml --schedule t1,tx
    expect_first "$tmp/err" "interleave: error: --schedule: entry 2: no thread 'tx' (threads: t1, t2)" \
        "unknown thread message"
    [ -s "$tmp/out" ] && bad "unknown thread: stdout not empty" || ok
    # a name given by the user is shown with control characters as '?', never raw
    expect_exit 2 "unknown thread with ESC" "$bin" run programs/deadlock_abba.yaml --schedule "$(printf 't\033[31m1')"
    expect_first "$tmp/err" "interleave: error: --schedule: entry 1: no thread 't?[31m1' (threads: t1, t2)" \
        "unknown thread with ESC message"
    "$bin" run programs/lost_update.yaml --trace "$tmp/esc.yaml" >/dev/null
    sed "s/^schedule: \[t1,/schedule: [\"t\\\\e[31m1\",/" "$tmp/esc.yaml" >"$tmp/esc2.yaml"
    expect_exit 2 "trace naming a thread with ESC" "$bin" replay "$tmp/esc2.yaml"
    expect_first "$tmp/err" "$tmp/esc2.yaml:4:12: error: schedule: entry 1: no thread 't?[31m1' in the program (threads: t1, t2)" \
        "trace naming a thread with ESC message"
    expect_exit 2 "blocked thread" "$bin" run programs/deadlock_abba.yaml --schedule t1,t1,t2
    expect_first "$tmp/err" "interleave: error: step 3: t2 cannot move (blocked on lock b); enabled: t1" \
        "cannot-move message"
    expect_exit 2 "schedule past the end" "$bin" run programs/double_acquire.yaml --schedule main,main,main,main
    expect_first "$tmp/err" \
        "interleave: error: step 4: the run has already ended (deadlock) after 3 steps, but the schedule has 4" \
        "past-the-end message"
    printf 'shared:\n  x: 0\nthreads:\n  t1: |\n    while x == 0:\n        pass\n' >"$tmp/spin.yaml"
    expect_exit 3 "--max-steps" "$bin" run "$tmp/spin.yaml" --max-steps 6 --color=never
    expect_exit 2 "run without a program" "$bin" run
    # an empty path is a usage error, not ":1:1: error: ..." (a position in no file)
    for c in run replay explore; do
        expect_exit 2 "$c ''" "$bin" $c ""
        case $(head -n 1 "$tmp/err") in
        "interleave: error: $c expects a "*", got ''") ok ;;
        *) bad "$c '': $(head -n 1 "$tmp/err")" ;;
        esac
    done

    # ---- a name: past NAME_MAX (255 bytes): the trace directory is cut to 200
    long=$(printf '%0300d' 0 | tr 0 n)
    printf 'name: %s\nthreads:\n  t1: print(1)\n' "$long" >"$tmp/long_name.yaml"
    rm -rf "$tmp/lt"
    expect_exit 0 "explore --traces, 300-character name" "$bin" explore "$tmp/long_name.yaml" --traces "$tmp/lt"
    expect_exit 0 "replay, 300-character name" "$bin" replay "$tmp/lt/$(printf '%0200d' 0 | tr 0 n)/outcome-1.yaml"

    # ---- a program file named with U+2028: the trace escapes it (\L), since
    # readers refuse it raw, and replays
    ls_name="$tmp/p$(printf '\342\200\250')q.yaml"
    cp programs/lost_update.yaml "$ls_name"
    expect_exit 0 "run --trace, U+2028 in the path" "$bin" run "$ls_name" --trace "$tmp/ls.yaml" --color=never
    grep -q '^program: ".*p\\Lq.yaml"$' "$tmp/ls.yaml" && ok || bad "U+2028 in program: not escaped"
    expect_exit 0 "replay, U+2028 in the path" "$bin" replay "$tmp/ls.yaml" --color=never

    # ---- one size limit for writer and reader (IL_TRACE_MAX_BYTES, 64 MiB):
    # `run --trace` refuses a trace replay would refuse, and leaves no file;
    # one under the limit replays. Steps of ~700 bytes (a long name) keep it quick.
    v=$(printf 'v%.0s' $(seq 1 1000))
    printf 'shared:\n  %s: 0\nthreads:\n  t1: |\n    while %s == 0:\n        pass\n' "$v" "$v" >"$tmp/long.yaml"
    rm -f "$tmp"/long-trace.yaml*
    expect_exit 2 "run --trace past 64 MiB" "$bin" run "$tmp/long.yaml" --max-steps 100000 --trace "$tmp/long-trace.yaml"
    expect_first "$tmp/err" "$tmp/long-trace.yaml:1:1: error: cannot write trace: a trace of 100000 steps is larger than 64 MiB, the most replay reads (ask for fewer steps)" \
        "trace too large message"
    ls "$tmp"/long-trace.yaml* >/dev/null 2>&1 && bad "a refused trace left a file" || ok
    expect_exit 3 "run --trace under 64 MiB" "$bin" run "$tmp/long.yaml" --max-steps 30000 --trace "$tmp/long-trace.yaml"
    expect_exit 0 "replay a 30,000-step trace" "$bin" replay --color=never "$tmp/long-trace.yaml"

    # ---- --step paces the same output; --color
    "$bin" replay --force --step --color=never "$dl" </dev/null >"$tmp/stepped" 2>/dev/null
    "$bin" replay --force --color=never "$dl" >"$tmp/plain" 2>/dev/null
    cmp -s "$tmp/plain" "$tmp/stepped" && ok || bad "--step at end of input changes the output"
    printf '\n\n\n' | "$bin" replay --force --step --color=never "$dl" >"$tmp/stepped" 2>/dev/null
    cmp -s "$tmp/plain" "$tmp/stepped" && ok || bad "--step with Enter changes the output"
    # endless input without a newline advances (a line ends after 4 KiB), never hangs
    timeout 60 "$bin" replay --force --step --color=never "$dl" </dev/zero >"$tmp/stepped" 2>/dev/null
    cmp -s "$tmp/plain" "$tmp/stepped" && ok || bad "--step < /dev/zero hangs or changes the output"
    "$bin" replay --force --color=always "$dl" 2>/dev/null | grep -q "$(printf '\033')" && ok \
        || bad "--color=always has no colour"
    "$bin" replay --force --color=never "$dl" 2>/dev/null | grep -q "$(printf '\033')" \
        && bad "--color=never has colour" || ok
done

echo "replay: $pass passed, $fail failed"
[ $fail -eq 0 ]
