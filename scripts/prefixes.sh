#!/bin/bash
# Build and boot every prefix of the series (bisectability): for each
# commit from the upstream kernel (patches/baseline) to HEAD, check it out
# in build/alt, build the kernel make test builds (same config, so ccache
# hits) in build/out/kunit-upstream and run the suites that prefix has
# (scripts/kunit.sh: kunit.py run and its verdict).  make prefixes.
# Prints one line per prefix and writes them to bench/prefixes.md; exits
# non-zero if any prefix fails.
. "$(dirname "$0")/lib.sh"

ALT=$BUILD/alt
"$TOP/scripts/alt-tree.sh" ours > /dev/null
lines=$OUT/prefixes.txt
n=$(sed -n '1{s/[^0-9].*//;p}' "$PATCHES/baseline")
for c in $(git -C "$KSRC" rev-list --reverse base..HEAD | tail -n +"$n"); do
	git -C "$ALT" checkout -q --detach "$c"
	name=$(git -C "$KSRC" log --oneline -1 "$c" | cut -c1-60)
	base=$OUT/prefix-$(git -C "$KSRC" rev-parse --short "$c")
	# before the series runs vmalloc_full on 64-bit kernels (the patch
	# that adds pcpu_test_block_layout()), the case skips on x86_64
	skip=
	git -C "$ALT" grep -q pcpu_map_test_vmalloc_full -- mm/tests &&
		! git -C "$ALT" grep -q pcpu_test_block_layout -- mm/tests &&
		skip=percpu_map.pcpu_map_test_vmalloc_full
	KUNIT_SKIP_OK=$skip KUNIT_SRC=$ALT "$TOP/scripts/kunit.sh" "$OUT/kunit-upstream" > "$base.log" 2>&1 && krc=0 || krc=1
	cp "$OUT/kunit-upstream.out" "$base.out" 2>/dev/null || true
	if [ ! -f "$OUT/kunit-upstream.ktap" ]; then
		echo "prefix $name: FAILED to build or boot (see $base.log, $base.out)"
		continue
	fi
	cp "$OUT/kunit-upstream.ktap" "$base.ktap"
	if [ "$krc" = 0 ]; then
		echo "prefix $name: builds, boots, KUnit $(kunit_summary "$base")"
	else
		echo "prefix $name: FAILED: KUnit $(kunit_summary "$base") (see $base.ktap)"
	fi
done | tee "$lines"
{
	echo "# scripts/prefixes.sh: every prefix of the series from the upstream kernel on builds, boots and passes the KUnit suites it has"
	echo
	echo "Run $(date +%F) on the $(series_patches | wc -l)-patch series (the hashes are those of build/alt's commits of that run); command: \`make prefixes\`."
	echo
	echo '```'
	cat "$lines"
	echo '```'
} > "$TOP/bench/prefixes.md"
! grep -q FAILED "$lines"
