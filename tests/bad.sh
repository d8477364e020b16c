#!/bin/sh
# Bad inputs: each tests/bad/*.yaml starts with a comment line
#   # expect: FILE:LINE:COL: error: message
# and `interleave explore` must print exactly that as the first line of
# stderr (FILE replaced by the path), print nothing on stdout, and exit 2.
# Usage: tests/bad.sh ./interleave
bin=${1:-./interleave}
pass=0; fail=0
for f in tests/bad/*.yaml; do
    [ -f "$f" ] || continue
    want=$(sed -n '1s/^# expect: //p' "$f" | sed "s|FILE|$f|")
    out=$("$bin" explore "$f" 2>/tmp/il-bad-err.$$); rc=$?
    got=$(head -n 1 /tmp/il-bad-err.$$)
    if [ $rc -eq 2 ] && [ -z "$out" ] && [ "$got" = "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL bad $f (exit $rc)"
        echo "  want: $want"
        echo "  got:  $got"
        [ -n "$out" ] && echo "  stdout was not empty"
    fi
done
rm -f /tmp/il-bad-err.$$
echo "bad inputs ($bin): $pass passed, $fail failed"
[ $fail -eq 0 ]
