#!/bin/sh
# Golden runs: every program in programs/ and tests/programs/ is explored with
# --json and compared byte for byte (minus the wall-clock seconds) with
# tests/golden/NAME.json (a Python file's: NAME.py.json), which pins its exact outcome set, counts, findings
# and state-graph size. UPDATE=1 rewrites the golden files (review the diff!).
# Usage: tests/golden.sh ./interleave
bin=${1:-./interleave}
pass=0; fail=0
# golden PROG WANT [FLAG]: explore PROG (with FLAG) and compare with WANT
golden() {
    prog=$1; want=$2; shift 2
    # seconds and the store's bytes per state vary with the machine and tuning
    got=$("$bin" explore --json "$@" "$prog" 2>&1 | sed 's/"seconds": [0-9.]*/"seconds": 0/; s/"bytes_per_state": [0-9]*/"bytes_per_state": 0/')
    if [ "${UPDATE:-0}" = 1 ]; then
        printf '%s\n' "$got" > "$want"
    fi
    if [ -f "$want" ] && [ "$got" = "$(cat "$want")" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL golden $prog $*"
        [ -f "$want" ] && printf '%s\n' "$got" | diff -u "$want" - | head -40
        [ -f "$want" ] || echo "  missing $want"
    fi
}
for prog in programs/*.yaml tests/programs/*.yaml programs/*.py; do
    [ -f "$prog" ] || continue
    golden "$prog" "tests/golden/$(basename "$prog" .yaml).json"
done
# The same with a flag that changes the steps (python.md F3): NAME.MODE.json.
for run in "programs/print_torn.yaml --print=atomic" "programs/print_torn.py --print=atomic" \
           "programs/lost_update.yaml --print=cpython" "programs/print_formats.py --print=cpython"; do
    set -- $run
    case "$1" in *.py) name=$(basename "$1") ;; *) name=$(basename "$1" .yaml) ;; esac
    golden "$1" "tests/golden/$name.${2#--print=}.json" "$2"
done
echo "golden ($bin): $pass passed, $fail failed"
[ $fail -eq 0 ]
