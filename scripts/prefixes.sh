#!/bin/bash
# Build and boot every prefix of the series (bisectability): for each
# commit from the upstream kernel (patches/baseline) to HEAD, check it out
# in build/alt, build the kernel make test builds (same config, so ccache
# hits) in build/out/kunit-upstream and run the suites that prefix has.
# Prints one line per prefix; exits non-zero if any prefix fails.
. "$(dirname "$0")/lib.sh"

ALT=$BUILD/alt
"$TOP/scripts/alt-tree.sh" ours > /dev/null
rc=0
n=$(sed -n '1{s/[^0-9].*//;p}' "$PATCHES/baseline")
for c in $(git -C "$KSRC" rev-list --reverse base..HEAD | tail -n +"$n"); do
	git -C "$ALT" checkout -q --detach "$c"
	name=$(git -C "$KSRC" log --oneline -1 "$c" | cut -c1-60)
	base=$OUT/prefix-$(git -C "$KSRC" rev-parse --short "$c")
	rm -f "$OUT/kunit-upstream/test.log"
	(cd "$ALT" && python3 tools/testing/kunit/kunit.py run "${KUNIT_ARGS[@]}" \
		--build_dir="$OUT/kunit-upstream" --timeout=3000 \
		--qemu_args="$QEMU_SMP_NUMA") > "$base.log" 2>&1 && krc=0 || krc=1
	if [ ! -f "$OUT/kunit-upstream/test.log" ]; then
		echo "prefix $name: FAILED to build or boot (see $base.log)"
		rc=1
	elif kunit_verdict "$ALT" "$OUT/kunit-upstream/test.log" "$base" > /dev/null && [ "$krc" = 0 ]; then
		echo "prefix $name: builds, boots, KUnit $(sed -n 's/^KUnit: //p' "$base.ktap")"
	else
		echo "prefix $name: FAILED: KUnit $(sed -n 's/^KUnit: //p' "$base.ktap") (see $base.ktap)"
		rc=1
	fi
done
exit $rc
