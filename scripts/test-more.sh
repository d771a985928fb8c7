#!/bin/bash
# make test-more: what make test leaves out, one step per kernel:
#   mutants        the mutation gate (scripts/mutants.sh, make mutants):
#                  every planted bug of mutants/percpu-map.txt must turn
#                  the userspace tests or the fuzzers red
#   check-builds   every prefix of the series builds (kernel and modules),
#                  W=1 + sparse on what each patch touches, percpu-km.c
#                  likewise on !SMP, the series' end without KUnit
#                  (scripts/check.sh --builds)
#   up             a !SMP kernel (percpu-km) builds and boots, both suites
#                  pass there (scripts/up.sh)
#   i386           both suites on i386 with HIGHMEM, 4 CPUs; vmalloc space
#                  runs out in vmalloc_full (scripts/arches.sh --ours i386)
#   x86_64-64cpus  both suites with 64 possible CPUs, 4 online, 2 nodes
#   arm64          both suites on arm64 with 64 KiB pages, 4 CPUs, 2 nodes
#   docs           Documentation/mm as HTML, no warning about the series
# Together with make test, that is everything the series is tested on.
#
#   BUDGET=SECONDS scripts/test-more.sh
#
# With BUDGET (what .ci/run gives it: what is left of CI's 90 minutes), a
# step runs only if the time it took on a fresh machine (the "cold"
# column of bench/test-times.md) still fits in what is left of BUDGET;
# the others are named as not run.  Ends with "N passed, N failed";
# exits non-zero on any failure (not on a step left out).  Each step's
# time goes to build/out/times-test-more.tsv (scripts/times.py).
. "$(dirname "$0")/lib.sh"

t0=$SECONDS
budget=${BUDGET:-0}
TIMES=$OUT/times-test-more.tsv
mkdir -p "$OUT"
: > "$TIMES"
left_out=()
python3 "$TOP/scripts/times.py" expect test-more || true

# more NAME COMMAND...: one step, if the budget leaves room for it.
more() {
	local name=$1 need left
	shift
	if [ "$budget" -gt 0 ]; then
		need=$(python3 "$TOP/scripts/times.py" cold test-more "$name")
		left=$((budget - (SECONDS - t0)))
		if [ "$need" -gt "$left" ]; then
			echo "not run: $name (about ${need} s on a fresh machine, ${left} s of the budget left)"
			left_out+=("$name")
			return 0
		fi
	fi
	phase "$name" "$@"
}

# counted LOG SCRIPT ARGS...: a script ending in "N passed, N failed", its
# output in LOG, failures and the verdict shown, the counts added.
counted() {
	local log=$1
	shift
	"$@" > "$log" 2>&1 || true
	grep -E '^(FAIL|     )' "$log" | head -30 || true
	tail -2 "$log"
	add_counts "$log" || check "$* ran to its verdict" 1
}

up() {
	local rc
	"$TOP/scripts/up.sh" > "$OUT/test-up.log" 2>&1 && rc=0 || rc=1
	tail -1 "$OUT/test-up.log"
	check "!SMP kernel (percpu-km) builds, boots clean, both suites pass (named skips only), percpu_stats has upstream's fields" $rc
}

docs() {
	local rc
	"$TOP/scripts/docs.sh" > "$OUT/test-docs.log" 2>&1 && rc=0 || rc=1
	tail -3 "$OUT/test-docs.log"
	check "make docs: HTML built, no warnings about the series' files" $rc
}

more mutants counted "$OUT/test-mutants.log" "$TOP/scripts/mutants.sh"
more check-builds counted "$OUT/test-check-builds.log" "$TOP/scripts/check.sh" --builds
more up up
for arch in i386 x86_64-64cpus arm64; do
	more "$arch" counted "$OUT/test-arches-$arch.log" "$TOP/scripts/arches.sh" --ours "$arch"
done
more docs docs

[ ${#left_out[@]} = 0 ] || echo "left out for time: ${left_out[*]} (run make test-more without BUDGET)"
echo "make test-more took $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
