#!/bin/bash
# make test: checkpatch on every patch, then the percpu KUnit suite on the
# patched kernel in QEMU (4 CPUs, 2 NUMA nodes).  Ends with
# "N passed, N failed" summing every check; exits non-zero on any failure.
. "$(dirname "$0")/lib.sh"

pass=0 fail=0
check() {	# check NAME OK(0/1) [DETAIL]
	if [ "$2" = 0 ]; then
		pass=$((pass + 1)); printf 'ok   %s\n' "$1"
	else
		fail=$((fail + 1)); printf 'FAIL %s %s\n' "$1" "${3:-}"
	fi
}
t0=$SECONDS
echo "kernel: Linux $(kernel_version), $(series_patches | wc -l) patches on $(git -C "$KSRC" log --format=%s -1 base)"

# 1. checkpatch --strict on every patch of patches/.
for p in $(series_patches); do
	out=$(cd "$KSRC" && ./scripts/checkpatch.pl --strict --quiet --no-summary "$p" 2>&1) && rc=0 || rc=1
	[ -z "$out" ] || rc=1
	check "checkpatch $(basename "$p")" $rc
	[ -z "$out" ] || echo "$out" | sed 's/^/     /' | head -40
done

# 2. The KUnit suite on the patched kernel.
"$TOP/scripts/kunit.sh" "$KUNIT_DIR" && rc=0 || rc=$?
res=$OUT/kunit.result
if [ -f "$res" ]; then
	read -r kpass kfail kskip < "$res"
	pass=$((pass + kpass)); fail=$((fail + kfail))
	echo "kunit: $kpass passed, $kfail failed, $kskip skipped"
fi
check "kunit run completed with a summary" "$([ -f "$res" ] && echo 0 || echo 1)" "(kunit.py exit $rc)"

log=$KUNIT_DIR/test.log
grep -q 'nr_node_ids:2' "$log" 2>/dev/null && rc=0 || rc=1
check "guest has 2 NUMA nodes (nr_node_ids:2)" $rc
splats=$(grep -Ec "$SPLAT_RE" "$log" 2>/dev/null || true)
check "boot log free of splats" "$([ "${splats:-0}" = 0 ] && echo 0 || echo 1)" "($splats lines)"
[ "${splats:-0}" = 0 ] || grep -E "$SPLAT_RE" "$log" | head -20 | sed 's/^/     /'

echo "make test took $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
