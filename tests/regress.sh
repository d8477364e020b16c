#!/bin/sh
# Crash regressions: every input under tests/inputs/crashes/ that once
# crashed interleave (found by `make fuzz`) or is built to try hard to
# (deep nesting, huge numbers, NUL bytes, binary junk, long lines), run by
# each binary given (default: the normal and the ASan build):
#   NAME.yaml        a program:  interleave explore --max-states 2000 --max-seconds 5 NAME.yaml
#                    (bounded: a huge program must not exhaust memory here)
#   trace-NAME.yaml  a trace:    interleave replay --force trace-NAME.yaml
#                    (--force: a fuzzed trace's hash matches nothing, and the
#                    replay itself is what must hold up)
# Each must end with exit 1, 2 or 3 (a file whose first line is
# `# exit: N` must end with N), never by a signal or a sanitizer report; an
# exit 2 must say why as `FILE:LINE:COL: error: ...` on stderr's first line.
# Usage: tests/regress.sh [BINARY...]
pass=0; fail=0
tmp=$(mktemp -d /tmp/il-regress.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ $# -eq 0 ] && set -- ./interleave ./build/interleave-asan
dir=tests/inputs/crashes
ls "$dir"/*.yaml >/dev/null 2>&1 || { echo "regress: no inputs in $dir" >&2; exit 1; }
bad() { fail=$((fail + 1)); echo "FAIL regress ($bin): $*"; }

# run_one FILE: the command of the file's kind, with $bin
run_one() {
    export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
    case $(basename "$1") in
    trace-*) "$bin" replay --force --color=never "$1" ;;
    *) "$bin" explore --max-states 2000 --max-seconds 5 "$1" ;;
    esac
}

for bin in "$@"; do
    for f in "$dir"/*.yaml; do
        run_one "$f" >"$tmp/out" 2>"$tmp/err" </dev/null
        rc=$?
        want=$(head -n 1 "$f" | sed -n 's/^# exit: \([0-9]\)$/\1/p')
        if [ $rc -ge 128 ]; then
            bad "$f: killed by signal $((rc - 128))"; tail -5 "$tmp/err"; continue
        fi
        if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err"; then
            bad "$f: sanitizer report"; grep -E 'ERROR|runtime error|#[0-4] ' "$tmp/err" | head -8; continue
        fi
        if [ -n "$want" ]; then
            [ "$rc" -eq "$want" ] || { bad "$f: exit $rc, want $want"; head -3 "$tmp/err"; continue; }
        else
            case $rc in 1|2|3) ;; *) bad "$f: exit $rc, want 1, 2 or 3"; head -3 "$tmp/err"; continue ;; esac
        fi
        if [ $rc -eq 2 ]; then
            first=$(grep -v '^interleave: warning: ' "$tmp/err" | head -n 1)
            case $first in
            "$f":[0-9]*:[0-9]*": error: "?*) ;;
            *) bad "$f: exit 2 without a FILE:LINE:COL message"; echo "  got: $first"; continue ;;
            esac
        fi
        pass=$((pass + 1))
    done
done
echo "regress: $pass passed, $fail failed"
[ $fail -eq 0 ]
