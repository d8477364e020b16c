#!/bin/sh
# Runs every program in programs/ (in each mode) and every bad input under
# valgrind; fails on any memory error or leak. Usage: tests/valgrind.sh ./interleave
bin=${1:-./interleave}
pass=0; fail=0
for f in programs/*.yaml tests/inputs/bad/*.yaml; do
    if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
        "$bin" explore --json "$f" >/dev/null 2>/tmp/il-vg.$$; [ $? -ne 99 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL valgrind $f"; head -20 /tmp/il-vg.$$
    fi
done
# the other ways of exploring, on every example program
for f in programs/*.yaml; do
    for opts in "--no-counts" "--compact" "--bound 1" "--random 5 --seed 1"; do
        # shellcheck disable=SC2086
        if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
            "$bin" explore --json $opts "$f" >/dev/null 2>/tmp/il-vg.$$; [ $? -ne 99 ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1)); echo "FAIL valgrind $f $opts"; head -20 /tmp/il-vg.$$
        fi
    done
done
rm -f /tmp/il-vg.$$
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
