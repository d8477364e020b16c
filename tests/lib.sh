# tests/lib.sh - what the shell suites share: a scratch directory removed at
# exit, the tally, the common assertions and the summary line. Set
# suite=NAME, then source it: . "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d "/tmp/il-$suite.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

ok() { pass=$((pass + 1)); }
no() {
    fail=$((fail + 1))
    echo "FAIL $suite: $*"
}
expect_rc() { # WHAT WANT: the last run's exit status ($rc)
    if [ "$rc" -eq "$2" ]; then ok; else no "$1: exit $rc, want $2 ($(head -c 300 "$tmp/err"))"; fi
}
has() { # WHAT FILE TEXT: the file has a line with TEXT (fixed string)
    if grep -qF -- "$3" "$2"; then ok; else no "$1: no '$3' in: $(head -c 400 "$2")"; fi
}
# The summary; the suite's status.
finish() {
    echo "$suite: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
