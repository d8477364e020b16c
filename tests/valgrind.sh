#!/bin/sh
# Runs every program in programs/ and every bad input under valgrind; fails on
# any memory error or leak. Usage: tests/valgrind.sh ./interleave
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
rm -f /tmp/il-vg.$$
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
