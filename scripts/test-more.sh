#!/bin/bash
# make test-more: what make test leaves out, one step per kernel:
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
#   rt             both suites on PREEMPT_RT (x86_64, 4 CPUs, 2 nodes,
#                  lockdep and atomic-sleep checks), ours and upstream's
#                  allocator; the hard-IRQ and IRQs-off cases skip there
#   docs           Documentation/mm as HTML, no warning about the series
#   kmutants       the mutation gate of the KUnit suites (scripts/kmutants.sh,
#                  make kmutants): each planted bug of mutants/percpu-core.txt
#                  (mm/percpu.c) must turn a boot of both suites red
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

# Steps never timed on a fresh machine are assumed to take as long as
# the steps named here did (scripts/times.py cold ... LIKE): rt builds two
# kernels with a config nothing else builds, as the KUnit kernel and the
# upstream one of make test are built cold; kmutants builds eight kernels
# (the first cold, the rest mostly from ccache) and boots each: counted
# as three cold kernels of make test.
declare -A LIKE=([rt]="test:kunit-ours test:kunit-upstream"
		[kmutants]="test:kunit-ours test:kunit-upstream test:debug")

# more NAME COMMAND...: one step, if the budget leaves room for it.
more() {
	local name=$1 need left
	shift
	if [ "$budget" -gt 0 ]; then
		# shellcheck disable=SC2086
		need=$(python3 "$TOP/scripts/times.py" cold test-more "$name" ${LIKE[$name]:-})
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
	grep -E '^(FAIL|     |survived|stale|broken|inconclusive)' "$log" | head -30 || true
	tail -2 "$log"
	add_counts "$log" || check "$* ran to its verdict" 1
}

up() {
	local rc
	"$TOP/scripts/up.sh" > "$OUT/test-up.log" 2>&1 && rc=0 || rc=1
	tail -1 "$OUT/test-up.log"
	check "!SMP kernel (percpu-km) builds, boots clean, both suites pass (named skips only), percpu_stats has upstream's fields" $rc
}

# The cases PREEMPT_RT does not allow: a percpu allocation from hard IRQ
# or with IRQs off (pcpu_lock is a sleeping lock there, with any allocator).
RT_SKIPS="percpu.pcpu_test_atomic_ctx.hardirq percpu.pcpu_test_atomic_ctx.spinlock-irqs-off percpu.pcpu_test_hardirq_all_cpus"
RT_CONFIG=(--kconfig_add CONFIG_EXPERT=y --kconfig_add CONFIG_PREEMPT_RT=y)

rt() {
	local rc
	KUNIT_SKIP_OK="$RT_SKIPS" "$TOP/scripts/kunit.sh" "$OUT/kunit-rt" "${RT_CONFIG[@]}" \
		> "$OUT/test-kunit-rt.log" 2>&1 && rc=0 || rc=1
	check "PREEMPT_RT kernel: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
	kunit_check "PREEMPT_RT kernel" "$OUT/kunit-rt" "$OUT/kunit-rt/test.log" "$OUT/test-kunit-rt.log"
	"$TOP/scripts/alt-tree.sh" upstream > /dev/null
	KUNIT_SRC=$BUILD/alt KUNIT_SKIP_OK="$RT_SKIPS" "$TOP/scripts/kunit.sh" "$OUT/kunit-rt-upstream" \
		"${RT_CONFIG[@]}" > "$OUT/test-kunit-rt-upstream.log" 2>&1 && rc=0 || rc=1
	check "PREEMPT_RT upstream kernel: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
	kunit_check "PREEMPT_RT upstream kernel" "$OUT/kunit-rt-upstream" \
		"$OUT/kunit-rt-upstream/test.log" "$OUT/test-kunit-rt-upstream.log"
}

docs() {
	local rc
	"$TOP/scripts/docs.sh" > "$OUT/test-docs.log" 2>&1 && rc=0 || rc=1
	tail -3 "$OUT/test-docs.log"
	check "make docs: HTML built, no warnings about the series' files" $rc
}

more check-builds counted "$OUT/test-check-builds.log" "$TOP/scripts/check.sh" --builds
more up up
for arch in i386 x86_64-64cpus arm64; do
	more "$arch" counted "$OUT/test-arches-$arch.log" "$TOP/scripts/arches.sh" --ours "$arch"
done
more docs docs
more rt rt
more kmutants counted "$OUT/test-kmutants.log" "$TOP/scripts/kmutants.sh"

[ ${#left_out[@]} = 0 ] || echo "left out for time: ${left_out[*]} (run make test-more without BUDGET)"
echo "make test-more took $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
