#!/bin/bash
# Build and run the percpu KUnit suites with kunit.py in QEMU (4 CPUs, 2
# NUMA nodes).  Keeps the full guest log in <build dir>/test.log; its
# verdict (scripts/ktap.py) goes to build/out/<build dir name>.result
# ("<passed> <failed> <skipped> <problems>") and .ktap.  Exits non-zero
# if kunit.py run does or the verdict fails.
#
#   scripts/kunit.sh [BUILD_DIR] [extra kunit.py arguments...]
#   KUNIT_SRC=build/alt scripts/kunit.sh ...   another source tree
. "$(dirname "$0")/lib.sh"

dir=${1:-$KUNIT_DIR}; shift || true
src=${KUNIT_SRC:-$KSRC}
base=$OUT/$(basename "$dir")
rm -f "$base.result" "$base.ktap" "$dir/test.log"
mkdir -p "$dir"
set +e
(cd "$src" && python3 tools/testing/kunit/kunit.py run "${KUNIT_ARGS[@]}" --build_dir="$dir" \
	--timeout=3000 --qemu_args="$QEMU_SMP_NUMA" "$@") 2>&1 | tee "$base.out"
rc=${PIPESTATUS[0]}
set -e
[ -f "$dir/test.log" ] || die "kunit.py run ($rc) left no $dir/test.log"
if ! kunit_verdict "$src" "$dir/test.log" "$base" && [ "$rc" = 0 ]; then rc=1; fi
exit "$rc"
