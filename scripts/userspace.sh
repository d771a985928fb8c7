#!/bin/bash
# The userspace harness of mm/percpu-map.c (tools/testing/percpu): the unit
# tests under ASan + UBSan, then the libFuzzer target for SECONDS seconds
# (default 30; make fuzz passes FUZZ_TIME, 300 by default): two thirds of
# the time map_fuzz (64-byte pages), one third map_fuzz8 (256-byte pages,
# more extents per page than PCPU_MAP_MAX_RUNS, as in the kernel).  The
# fuzzer starts from the committed seeds (fuzz/seeds, scripts/fuzz-seeds.py: a
# few blocks and hundreds of operations each), copied into the corpus
# build/out/fuzz-corpus, which stays, so later runs start where earlier
# ones stopped.  Inputs up to FUZZ_MAX_LEN bytes (4096: 1020 operations,
# see map_fuzz.c).  Last line: "N tests run, N passed, N failed" of the
# unit tests, then the fuzzer's verdict.  Coverage: scripts/fuzz-coverage.sh.
#
#   scripts/userspace.sh [SECONDS]
. "$(dirname "$0")/lib.sh"

secs=${1:-30}
t=$KSRC/tools/testing/percpu
make -s -C "$t" clean
make -s -C "$t" map_test map_fuzz map_fuzz8 > "$OUT/userspace-build.log" 2>&1 ||
	{ cat "$OUT/userspace-build.log"; die "tools/testing/percpu does not build"; }
# -Wall must stay quiet: a warning in the harness or in percpu-map.c fails
if grep -q 'warning:' "$OUT/userspace-build.log"; then
	cat "$OUT/userspace-build.log"; die "warnings building tools/testing/percpu"
fi
"$t/map_test" | tee "$OUT/userspace.log"
mkdir -p "$OUT/fuzz-corpus"
cp "$TOP"/fuzz/seeds/seed-* "$OUT/fuzz-corpus/"
fuzz() {
	(cd "$OUT" &&
	 "$t/map_fuzz" -max_total_time=$((secs - secs / 3)) -max_len=4096 \
		-print_final_stats=1 fuzz-corpus &&
	 "$t/map_fuzz8" -max_total_time=$((secs / 3)) -max_len=4096 \
		-print_final_stats=1 fuzz-corpus) > "$OUT/fuzz.log" 2>&1
}
step "fuzzing mm/percpu-map.c against the reference model for $secs s" fuzz && rc=0 || rc=1
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz.log" |
	awk '{ n += $1 } END { if (NR) print n }')
echo "fuzz: ${runs:-?} inputs in $secs s, corpus $(ls "$OUT/fuzz-corpus" | wc -l) files, $([ $rc = 0 ] && echo "no failure" || echo FAILED)"
[ $rc = 0 ] || { grep -E '^step|ERROR|SUMMARY|crash-' "$OUT/fuzz.log" | head -10; exit 1; }
grep -q ' 0 failed$' "$OUT/userspace.log"
