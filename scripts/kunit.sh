#!/bin/bash
# Build and run the percpu KUnit suite with kunit.py in QEMU (4 CPUs, 2
# NUMA nodes).  Writes "<passed> <failed> <skipped>" to build/out/kunit.result
# and keeps the full guest log in <build dir>/test.log.
#
#   scripts/kunit.sh [BUILD_DIR] [extra kunit.py arguments...]
#   KUNIT_SRC=build/alt scripts/kunit.sh ...   another source tree
. "$(dirname "$0")/lib.sh"

dir=${1:-$KUNIT_DIR}; shift || true
res=$OUT/$(basename "$dir").result
rm -f "$res"
mkdir -p "$dir"
cd "${KUNIT_SRC:-$KSRC}"
set +e
python3 tools/testing/kunit/kunit.py run "${KUNIT_ARGS[@]}" --build_dir="$dir" \
	--timeout=3000 --qemu_args="$QEMU_SMP_NUMA" "$@" 2>&1 | tee "$OUT/$(basename "$dir").out"
rc=${PIPESTATUS[0]}
set -e
# kunit.py's own summary: "Testing complete. Ran N tests: passed: P, failed: F, skipped: S"
sum=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$OUT/$(basename "$dir").out" | tail -1 || true)
[ -n "$sum" ] && kunit_counts "$sum" > "$res"
exit "$rc"
