#!/bin/bash
# The userspace harness of mm/percpu-map.c (tools/testing/percpu): the unit
# tests under ASan + UBSan, then the libFuzzer target for SECONDS seconds
# (default 30; make fuzz passes FUZZ_TIME, 300 by default).  The corpus
# stays in build/out/fuzz-corpus, so later runs start where earlier ones
# stopped.  Last line: "N tests run, N passed, N failed" of the unit tests,
# then the fuzzer's verdict.
#
#   scripts/userspace.sh [SECONDS]
. "$(dirname "$0")/lib.sh"

secs=${1:-30}
t=$KSRC/tools/testing/percpu
make -s -C "$t" clean
make -s -C "$t" map_test map_fuzz > "$OUT/userspace-build.log" 2>&1 ||
	{ cat "$OUT/userspace-build.log"; die "tools/testing/percpu does not build"; }
# -Wall must stay quiet: a warning in the harness or in percpu-map.c fails
if grep -q 'warning:' "$OUT/userspace-build.log"; then
	cat "$OUT/userspace-build.log"; die "warnings building tools/testing/percpu"
fi
"$t/map_test" | tee "$OUT/userspace.log"
mkdir -p "$OUT/fuzz-corpus"
fuzz() {
	(cd "$OUT" && "$t/map_fuzz" -max_total_time="$secs" -print_final_stats=1 \
		fuzz-corpus) > "$OUT/fuzz.log" 2>&1
}
step "fuzzing mm/percpu-map.c against the reference model for $secs s" fuzz && rc=0 || rc=1
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz.log")
echo "fuzz: ${runs:-?} inputs in $secs s, corpus $(ls "$OUT/fuzz-corpus" | wc -l) files, $([ $rc = 0 ] && echo "no failure" || echo FAILED)"
[ $rc = 0 ] || { grep -E '^step|ERROR|SUMMARY|crash-' "$OUT/fuzz.log" | head -10; exit 1; }
grep -q ' 0 failed$' "$OUT/userspace.log"
