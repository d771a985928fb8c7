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
	log=$OUT/prefix-$(git -C "$KSRC" rev-parse --short "$c").log
	(cd "$ALT" && python3 tools/testing/kunit/kunit.py run "${KUNIT_ARGS[@]}" \
		--build_dir="$OUT/kunit-upstream" --timeout=3000 \
		--qemu_args="$QEMU_SMP_NUMA") > "$log" 2>&1 || true
	sum=$(sed -n 's/.*Testing complete\. //p' "$log" | tail -1)
	if [ -n "$sum" ]; then
		echo "prefix $name: builds, boots, $sum"
		grep -qE '(failed|crashed): [1-9]' <<<"$sum" && rc=1
	else
		echo "prefix $name: FAILED to build or boot (see $log)"
		rc=1
	fi
done
exit $rc
