#!/bin/sh
# Bad inputs: each tests/inputs/bad/*.yaml (and *.py: Python files) starts with a comment line
#   # expect: FILE:LINE:COL: error: message
# and `interleave explore` must print exactly that as the first line of
# stderr (FILE replaced by the path), print nothing on stdout, and exit 2.
# Inputs that cannot sensibly be committed (an empty file, a directory, a
# missing file, files of 50 MB and more) are made here, in a temporary
# directory, with their expected messages below.
# Usage: tests/bad.sh ./interleave
bin=${1:-./interleave}
tmp=$(mktemp -d /tmp/il-bad.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

# check FILE WANT: WANT is the expected first line of stderr, FILE for the path.
check() {
    want=$(printf '%s\n' "$2" | sed "s|FILE|$1|")
    out=$("$bin" explore "$1" 2>"$tmp/err"); rc=$?
    got=$(head -n 1 "$tmp/err")
    if [ $rc -eq 2 ] && [ -z "$out" ] && [ "$got" = "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL bad $1 (exit $rc)"
        echo "  want: $want"
        echo "  got:  $got"
        [ -n "$out" ] && echo "  stdout was not empty"
    fi
}

for f in tests/inputs/bad/*.yaml tests/inputs/bad/*.py; do
    [ -f "$f" ] || continue
    check "$f" "$(sed -n '1s/^# expect: //p' "$f")"
done

# An empty file (0 bytes), a directory, a file that does not exist.
: >"$tmp/empty.yaml"
check "$tmp/empty.yaml" "FILE:1:1: error: empty program: expected a mapping with threads:"
mkdir "$tmp/dir.yaml"
check "$tmp/dir.yaml" "FILE:1:1: error: cannot read file: is a directory"
check "$tmp/missing.yaml" "FILE:1:1: error: cannot read file: No such file or directory"

# 50 MB: a long about: text (655360 lines of 80 bytes), the mistake on the last line.
line=$(printf '%077d' 0 | tr 0 x)
{
    echo 'about: |'
    yes "  $line" | head -n 655360
    printf 'threads:\n  t1: pass\nthreds: 1\n'
} >"$tmp/big.yaml"
check "$tmp/big.yaml" "FILE:655364:1: error: unknown top-level key 'threds' (expected one of: name, about, shared, sync, functions, threads, executor, expect, print)"
rm -f "$tmp/big.yaml"

# Over the 64 MiB limit (a sparse file: no disk needed).
: >"$tmp/huge.yaml"
truncate -s 70M "$tmp/huge.yaml"
check "$tmp/huge.yaml" "FILE:1:1: error: cannot read file: larger than 64 MiB"
rm -f "$tmp/huge.yaml"

# 10,000 nested `if 1:` blocks (one more space each: 50 MB): the parser stops
# at 200 levels, at the indented line that opens the 201st block.
awk 'BEGIN {
    print "threads:"; print "  t1: |"; s = "    "
    for (k = 0; k < 10000; k++) { print s "if 1:"; s = s " " }
    print s "pass"
}' >"$tmp/deep.yaml"
check "$tmp/deep.yaml" "FILE:204:206: error: nesting too deep (limit 200)"
rm -f "$tmp/deep.yaml"

# print() with 70,000 values: side by side is not nesting (201 are fine, as
# in CPython), but each value takes a hidden local, and a thread has 65535.
awk 'BEGIN {
    print "threads:"; print "  t1: |"; printf "    print(1"
    for (k = 1; k < 70000; k++) printf ", 1"
    print ")"
}' >"$tmp/wide.yaml"
check "$tmp/wide.yaml" "FILE:3:5: error: too many local variables in one thread (limit 65535, with the hidden ones that hold a long print's values or a literal list's items)"
rm -f "$tmp/wide.yaml"

echo "bad inputs ($bin): $pass passed, $fail failed"
[ $fail -eq 0 ]
