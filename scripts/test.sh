#!/bin/bash
# make test: the userspace tests of mm/percpu-map.c and a 30 s fuzz run;
# the short run of the native A/B benchmark (make native);
# the percpu KUnit suites on the patched kernel (also booted with
# percpu_alloc=page), the API suite on the
# upstream-allocator kernel, and both suites on a debug kernel (KASAN,
# lockdep, kmemleak...), all in QEMU with 4 CPUs on 2 NUMA nodes; the
# short form of make stress on the debug kernel; a !SMP kernel built and
# booted; both suites on arm64 (64K pages) and i386 (make arches --ours);
# make check (checkpatch, every prefix builds, W=1 + sparse,
# kernel-doc) and make docs.  Ends with "N passed, N failed" summing every
# check; exits non-zero on any failure.
. "$(dirname "$0")/lib.sh"

t0=$SECONDS
echo "kernel: Linux $(kernel_version), $(series_patches | wc -l) patches on $(git -C "$KSRC" log --format=%s -1 base)"

# add_counts LOG: add a sub-script's final "N passed, N failed".
add_counts() {
	local p f
	read -r p f <<<"$(tail -1 "$1" | sed -nE 's/.*\b([0-9]+) passed, ([0-9]+) failed$/\1 \2/p')"
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	[ -n "${p:-}" ]
}

# 1. Userspace: unit tests of mm/percpu-map.c (ASan + UBSan), 30 s fuzzing.
"$TOP/scripts/userspace.sh" 30 > "$OUT/test-userspace.log" 2>&1 && rc=0 || rc=1
tail -2 "$OUT/test-userspace.log"
read -r ut up uf <<<"$(sed -nE 's/^([0-9]+) tests run, ([0-9]+) passed, ([0-9]+) failed$/\1 \2 \3/p' "$OUT/test-userspace.log")"
pass=$((pass + ${up:-0})); fail=$((fail + ${uf:-0}))
check "userspace: tools/testing/percpu builds, unit tests and fuzzer pass" $rc

# 1b. The native A/B benchmark's short run: both allocators' area code,
#     copied unchanged from the base and the series, serve the same
#     patterns correctly (no failure, no overlap, everything freed).
"$TOP/scripts/native.sh" --short > "$OUT/test-native.log" 2>&1 && rc=0 || rc=1
tail -1 "$OUT/test-native.log"
check "native A/B (make native --short): both allocators correct on every pattern" $rc

# kunit_check NAME BASE LOG OUTPUT: count a KUnit run's verdict
# (kunit_verdict: BASE.result, BASE.ktap; every test case and parameter is
# one check), check that the run was complete, the guest had two nodes
# and LOG has no splat.  Without a verdict, show the end of OUTPUT.
kunit_check() {
	local name=$1 base=$2 log=$3 kpass=0 kfail=0 kskip=0 problems=x why="(no verdict)" splats
	if [ -f "$base.result" ]; then
		read -r kpass kfail kskip problems < "$base.result"
		why="($problems problems, $kskip skipped)"
		sed -E "/^ /!s/^/$name: /" "$base.ktap"
	else
		tail -5 "$4" 2>/dev/null || true
	fi
	pass=$((pass + kpass)); fail=$((fail + kfail))
	check "$name: KUnit run complete (plans, declared suites, no kunit.py error)" \
		"$([ "$problems" = 0 ] && echo 0 || echo 1)" "$why"
	check_nodes "$name" "$log"
	splats=$(grep -Ec "$SPLAT_RE" "$log" 2>/dev/null || true)
	check "$name: boot log free of splats" "$([ "$splats" = 0 ] && echo 0 || echo 1)" "(${splats:-?} lines)"
	[ "$splats" = 0 ] || grep -E "$SPLAT_RE" "$log" 2>/dev/null | head -20 | sed 's/^/     /' || true
}

# 2. Both suites on the patched kernel.
"$TOP/scripts/kunit.sh" "$KUNIT_DIR" > "$OUT/test-kunit.log" 2>&1 && rc=0 || rc=1
check "patched kernel: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
kunit_check "patched kernel" "$OUT/kunit" "$KUNIT_DIR/test.log" "$OUT/test-kunit.log"

# 2b. The same kernel booted with percpu_alloc=page: the first chunk made
#     of single pages mapped into vmalloc space (pcpu_page_first_chunk())
#     instead of embedded in the linear map; both suites again.
KUNIT_NAME=kunit-page "$TOP/scripts/kunit.sh" "$KUNIT_DIR" --kernel_args=percpu_alloc=page \
	> "$OUT/test-kunit-page.log" 2>&1 && rc=0 || rc=1
check "percpu_alloc=page: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
check "percpu_alloc=page: the page first-chunk allocator set up percpu" \
	"$(grep -qE 'percpu: [0-9]+ 4K pages/cpu' "$KUNIT_DIR/test.log" && echo 0 || echo 1)"
kunit_check "percpu_alloc=page" "$OUT/kunit-page" "$KUNIT_DIR/test.log" "$OUT/test-kunit-page.log"

# 3. The API suite on the upstream allocator (base + tests and benchmark):
#    it must stay a test of the contract, not of our internals.
up=$("$TOP/scripts/alt-tree.sh" upstream)
echo "upstream-allocator kernel: $(git -C "$KSRC" log --oneline -1 "$up" | cut -c1-70)"
KUNIT_SRC=$BUILD/alt "$TOP/scripts/kunit.sh" "$OUT/kunit-upstream" > "$OUT/test-kunit-upstream.log" 2>&1 && rc=0 || rc=1
check "upstream kernel: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
kunit_check "upstream kernel" "$OUT/kunit-upstream" "$OUT/kunit-upstream/test.log" "$OUT/test-kunit-upstream.log"

# 4. The debug kernel: KASAN, lockdep, DEBUG_VM, DEBUG_LIST, kmemleak.
"$TOP/scripts/debug.sh" > "$OUT/test-debug.log" 2>&1 || true
tail -1 "$OUT/test-debug.log"
kunit_check "debug kernel" "$OUT/kunit-debug" "$OUT/kunit-debug.log" "$OUT/test-debug.log"
leaks=$(kmemleak_leaks "$OUT/kunit-debug.log")
check "debug kernel: kmemleak ran, scan clean" "$([ "$leaks" = "0 leaks" ] && echo 0 || echo 1)" "($leaks)"

# 5. The short form of make stress on the debug kernel.
"$TOP/scripts/stress.sh" --short ours > "$OUT/test-stress.log" 2>&1 && rc=0 || rc=1
grep -E '^(\||FAIL|stress:)' "$OUT/test-stress.log" | tail -20 || true
add_counts "$OUT/test-stress.log" || check "stress --short ran" 1
check_nodes "stress" "$OUT/stress-ours-short.log"

# 6. !SMP: percpu-km.c builds and boots, both suites pass there.
"$TOP/scripts/up.sh" > "$OUT/test-up.log" 2>&1 && rc=0 || rc=1
tail -1 "$OUT/test-up.log"
check "!SMP kernel (percpu-km) builds, boots clean, both suites pass (named skips only), percpu_stats has upstream's fields" $rc

# 6b. make arches --ours: both suites on arm64 with 64K pages (4 CPUs, 2
#     nodes) and on i386 with HIGHMEM, where vmalloc space runs out.
"$TOP/scripts/arches.sh" --ours > "$OUT/test-arches.log" 2>&1 || true
grep -E '^(FAIL|     )' "$OUT/test-arches.log" | head -30 || true
tail -2 "$OUT/test-arches.log"
add_counts "$OUT/test-arches.log" || check "make arches --ours ran" 1

# 7. make check: checkpatch, get_maintainer, prefixes, W=1 + sparse, kernel-doc.
"$TOP/scripts/check.sh" > "$OUT/test-check.log" 2>&1 || true
grep -E '^(FAIL|     )' "$OUT/test-check.log" | head -30 || true
tail -2 "$OUT/test-check.log"
add_counts "$OUT/test-check.log" || check "make check ran" 1

# 8. make docs: no Sphinx/kernel-doc warning about the series' files.
"$TOP/scripts/docs.sh" > "$OUT/test-docs.log" 2>&1 && rc=0 || rc=1
tail -3 "$OUT/test-docs.log"
check "make docs: HTML built, no warnings about the series' files" $rc

echo "make test took $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
