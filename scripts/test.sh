#!/bin/bash
# make test: what catches most, in about 50 minutes on a fresh 2-core
# machine (bench/test-times.md has each step's time, cold and warm):
#  1. the userspace tests of mm/percpu-map.c and a 30 s fuzz run, their
#     mutation gate (make mutants: every planted bug must turn them red),
#     the harness's own verdicts on made-up logs (scripts/selftest.py),
#     and the short run of the native A/B benchmark (make native);
#  2. both percpu KUnit suites on the patched kernel, also booted with
#     percpu_alloc=page;
#  3. the contract suite on the upstream-allocator kernel;
#  4. both suites on the debug kernel (KASAN, lockdep, kmemleak...);
#  5. the short form of make stress on the debug kernel;
#  6. make check --quick: checkpatch, get_maintainer, kernel-doc, numbers.
# All in QEMU with 4 CPUs on 2 NUMA nodes.  The rest (!SMP, arm64, i386,
# 64 CPUs, every prefix built, W=1 + sparse, the build without KUnit, the
# docs) is make test-more's.  Ends with "N passed, N failed" summing every
# check; exits non-zero on any failure.  Each step's time goes to
# build/out/times-test.tsv (scripts/times.py).
. "$(dirname "$0")/lib.sh"

t0=$SECONDS
TIMES=$OUT/times-test.tsv
mkdir -p "$OUT"
: > "$TIMES"
echo "kernel: Linux $(kernel_version), $(series_patches | wc -l) patches on $(git -C "$KSRC" log --format=%s -1 base)"
# what the timing table (scripts/times.py) needs to know of this run
built=no
for k in "$KSRC"/.o-*/vmlinux "$BUILD"/alt/.o-*/vmlinux "$OUT"/*/vmlinux; do
	[ -e "$k" ] && built=yes
done
cat > "$OUT/times-start.env" <<EOF
ccache_files=$(ccache --print-stats 2>/dev/null | sed -n 's/^files_in_cache\t//p')
built=$built
date=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(git -C "$TOP" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
base=$(kernel_version)
cpus=$(nproc)
load=$(cut -d' ' -f1 /proc/loadavg)
ci=${CI:-false}
EOF
python3 "$TOP/scripts/times.py" expect test || true


# 1. Userspace: unit tests of mm/percpu-map.c (ASan + UBSan), 30 s fuzzing.
userspace() {
	local rc ut up uf
	"$TOP/scripts/userspace.sh" 30 > "$OUT/test-userspace.log" 2>&1 && rc=0 || rc=1
	tail -2 "$OUT/test-userspace.log"
	read -r ut up uf <<<"$(sed -nE 's/^([0-9]+) tests run, ([0-9]+) passed, ([0-9]+) failed$/\1 \2 \3/p' "$OUT/test-userspace.log")"
	pass=$((pass + ${up:-0})); fail=$((fail + ${uf:-0}))
	check "userspace: tools/testing/percpu builds, unit tests and fuzzer pass" $rc
}
phase userspace userspace

# 1a. The mutation gate of those tests (make mutants): each planted bug
#     of mutants/percpu-map.txt, alone on a scratch copy of the map, must
#     turn the unit tests or the fuzzers red; bench/mutants.md says what
#     caught each.
mutants() {
	"$TOP/scripts/mutants.sh" > "$OUT/test-mutants.log" 2>&1 || true
	grep -E '^(survived|stale|broken|inconclusive)' "$OUT/test-mutants.log" | head -20 || true
	tail -1 "$OUT/test-mutants.log"
	add_counts "$OUT/test-mutants.log" || check "make mutants ran to its verdict" 1
}
phase mutants mutants

# 1b. The harness's own verdicts (ktap.py, stress.py, SPLAT_RE) on made-up
#     logs they must pass or fail.
selftest() {
	python3 "$TOP/scripts/selftest.py" --src "$KSRC" --splat-re "$SPLAT_RE" \
		> "$OUT/test-selftest.log" 2>&1 || true
	grep -E '^FAIL' "$OUT/test-selftest.log" || true
	tail -1 "$OUT/test-selftest.log"
	add_counts "$OUT/test-selftest.log" || check "scripts/selftest.py ran" 1
}
phase selftest selftest

# 1c. The native A/B benchmark's short run: both allocators' area code,
#     copied unchanged from the base and the series, serve the same
#     patterns correctly (no failure, no overlap, everything freed).
native_short() {
	local rc
	"$TOP/scripts/native.sh" --short > "$OUT/test-native.log" 2>&1 && rc=0 || rc=1
	tail -1 "$OUT/test-native.log"
	check "native A/B (make native --short): both allocators correct on every pattern" $rc
}
phase native-short native_short

# 2. Both suites on the patched kernel.
kunit_ours() {
	local rc
	"$TOP/scripts/kunit.sh" "$KUNIT_DIR" > "$OUT/test-kunit.log" 2>&1 && rc=0 || rc=1
	check "patched kernel: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
	kunit_check "patched kernel" "$OUT/kunit" "$KUNIT_DIR/test.log" "$OUT/test-kunit.log"
}
phase kunit-ours kunit_ours

# 2b. The same kernel booted with percpu_alloc=page: the first chunk made
#     of single pages mapped into vmalloc space (pcpu_page_first_chunk())
#     instead of embedded in the linear map; both suites again.
kunit_page() {
	local rc
	KUNIT_NAME=kunit-page "$TOP/scripts/kunit.sh" "$KUNIT_DIR" --kernel_args=percpu_alloc=page \
		> "$OUT/test-kunit-page.log" 2>&1 && rc=0 || rc=1
	check "percpu_alloc=page: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
	check "percpu_alloc=page: the page first-chunk allocator set up percpu" \
		"$(grep -qE 'percpu: [0-9]+ 4K pages/cpu' "$KUNIT_DIR/test.log" && echo 0 || echo 1)"
	kunit_check "percpu_alloc=page" "$OUT/kunit-page" "$KUNIT_DIR/test.log" "$OUT/test-kunit-page.log"
}
phase kunit-page kunit_page

# 3. The API suite on the upstream allocator (base + tests and benchmark):
#    it must stay a test of the contract, not of our internals.  Built in
#    build/alt with the same config: ccache serves every object the two
#    trees share (objdir in lib.sh).
kunit_upstream() {
	local rc up
	up=$("$TOP/scripts/alt-tree.sh" upstream)
	echo "upstream-allocator kernel: $(git -C "$KSRC" log --oneline -1 "$up" | cut -c1-70)"
	KUNIT_SRC=$BUILD/alt "$TOP/scripts/kunit.sh" "$OUT/kunit-upstream" > "$OUT/test-kunit-upstream.log" 2>&1 && rc=0 || rc=1
	check "upstream kernel: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
	kunit_check "upstream kernel" "$OUT/kunit-upstream" "$OUT/kunit-upstream/test.log" "$OUT/test-kunit-upstream.log"
}
phase kunit-upstream kunit_upstream

# 4. The debug kernel: KASAN, lockdep, DEBUG_VM, DEBUG_LIST, kmemleak.
debug_kernel() {
	local leaks
	"$TOP/scripts/debug.sh" > "$OUT/test-debug.log" 2>&1 || true
	tail -1 "$OUT/test-debug.log"
	kunit_check "debug kernel" "$OUT/kunit-debug" "$OUT/kunit-debug.log" "$OUT/test-debug.log"
	leaks=$(kmemleak_leaks "$OUT/kunit-debug.log")
	check "debug kernel: kmemleak ran, scan clean" "$([ "$leaks" = "0 leaks" ] && echo 0 || echo 1)" "($leaks)"
}
phase debug debug_kernel

# 5. The short form of make stress on the debug kernel (no rebuild).
stress_short() {
	"$TOP/scripts/stress.sh" --short ours > "$OUT/test-stress.log" 2>&1 || true
	grep -E '^(\||FAIL|stress:)' "$OUT/test-stress.log" | tail -20 || true
	add_counts "$OUT/test-stress.log" || check "stress --short ran" 1
	check_nodes "stress" "$OUT/stress-ours-short.log"
}
phase stress-short stress_short

# 6. The quick half of make check: checkpatch --strict and
#    get_maintainer.pl on every patch, kernel-doc on every touched file,
#    the numbers and charts as their scripts write them (no kernel build;
#    the builds of every prefix are make test-more's).
check_quick() {
	"$TOP/scripts/check.sh" --quick > "$OUT/test-check.log" 2>&1 || true
	grep -E '^(FAIL|     )' "$OUT/test-check.log" | head -30 || true
	tail -2 "$OUT/test-check.log"
	add_counts "$OUT/test-check.log" || check "make check --quick ran" 1
}
phase check-quick check_quick

echo "make test took $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
