#!/bin/sh
# Runs the three fuzz targets (built by `make fuzz`) for SECONDS each, in
# parallel, from the repository's root:
#   build/fuzz/fuzz_program  program files (seeds: programs/, tests/bad/,
#                            tests/inputs/bad/, tests/check/, program crashes)
#   build/fuzz/fuzz_pyfile   Python files (seeds: programs/*.py,
#                            tests/inputs/bad/*.py, Python crashes)
#   build/fuzz/fuzz_trace    trace files (seeds: traces/, tests/traces-bad/,
#                            trace crashes)
# The corpora grow in build/fuzz/corpus-program/ and corpus-trace/ (never
# committed); crashes, leaks and timeouts land in build/fuzz/crashes/. Prints
# each target's executions and coverage (libFuzzer's cov:/ft: and final
# stats; logs in build/fuzz/*.log). Exit 1 when either target found anything:
# then copy the input to tests/inputs/crashes/ (`make regress` runs them).
# Usage: tests/fuzz/run.sh [SECONDS]   (default 60)
secs=${1:-60}
case $secs in ''|*[!0-9]*) echo "run.sh: SECONDS must be a number, got '$secs'" >&2; exit 2 ;; esac
out=build/fuzz
for t in program pyfile trace; do
    [ -x "$out/fuzz_$t" ] || { echo "run.sh: $out/fuzz_$t missing (make fuzz-build)" >&2; exit 2; }
done
mkdir -p "$out/corpus-program" "$out/corpus-pyfile" "$out/corpus-trace" "$out/crashes"

# seed: copy FILES into corpus DIR (each under a name of its own)
seed() {
    dir=$1; shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"
    done
}
seed "$out/corpus-program" programs/*.yaml tests/bad/*.yaml tests/check/*.yaml \
    $(find tests/inputs/bad tests/inputs/crashes -name '*.yaml' ! -name 'trace-*' 2>/dev/null)
seed "$out/corpus-pyfile" programs/*.py $(find tests/inputs/bad tests/inputs/crashes -name '*.py' 2>/dev/null)
seed "$out/corpus-trace" $(find traces -name '*.yaml') tests/traces-bad/*.yaml \
    $(find tests/inputs/crashes -name 'trace-*.yaml' 2>/dev/null)

# -timeout: an input that takes this long is a finding (a hang), not a pause;
# -rss_limit_mb: libFuzzer's default, said aloud.
run() {
    t=$1
    "$out/fuzz_$t" "$out/corpus-$t" -max_total_time="$secs" -dict=tests/fuzz/interleave.dict \
        -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -artifact_prefix="$out/crashes/$t-" >"$out/$t.log" 2>&1
    echo $? >"$out/$t.rc"
}
echo "fuzzing for ${secs}s each: fuzz_program, fuzz_pyfile and fuzz_trace in parallel (logs: $out/*.log)"
run program &
run pyfile &
run trace &
wait

fail=0
for t in program pyfile trace; do
    rc=$(cat "$out/$t.rc")
    last=$(grep -E '^#[0-9]+' "$out/$t.log" | tail -n 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p')
    pcs=$(sed -n 's/^INFO: Loaded 1 PC tables (\([0-9]*\) PCs).*/\1/p' "$out/$t.log")
    echo "fuzz_$t: ${execs:-?} executions, cov: ${cov:-?} (of ${pcs:-?} instrumented edges) ft: ${ft:-?}" \
        "corpus: ${corp:-?}, exit $rc"
    if [ "$rc" != 0 ]; then
        fail=1
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$out/$t.log" | head -5
        grep -E '^artifact_prefix|Test unit written' "$out/$t.log" | head -3
    fi
done
[ $fail -eq 0 ] || { echo "fuzz: found a crash; see $out/crashes/ and $out/*.log" >&2; exit 1; }
echo "fuzz: no crash"
