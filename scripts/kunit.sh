#!/bin/bash
# Build and run the percpu KUnit suites with kunit.py run in QEMU (the
# machine of configs/qemu_x86_64_numa.py: 4 CPUs, 2 NUMA nodes).  Keeps
# the full guest log in <build dir>/test.log and kunit.py's output and
# JSON in build/out/<build dir name>.out and .json; the verdict
# (scripts/ktap.py on them) goes to build/out/<build dir name>.result
# ("<passed> <failed> <skipped> <problems>") and .ktap.  Exits non-zero
# if kunit.py run does or the verdict fails.
#
#   scripts/kunit.sh [BUILD_DIR] [extra kunit.py arguments...]
#   KUNIT_SRC=build/alt scripts/kunit.sh ...   another source tree
#   KUNIT_NAME=kunit-page scripts/kunit.sh ...  results under another name
#   KUNIT_ARCH=arm64 scripts/kunit.sh ...       make arches' machines (lib.sh)
#   KUNIT_SKIP_OK="suite.case ..." scripts/kunit.sh  skips expected there
. "$(dirname "$0")/lib.sh"

dir=${1:-$KUNIT_DIR}; shift || true
src=${KUNIT_SRC:-$KSRC}
base=$OUT/${KUNIT_NAME:-$(basename "$dir")}
objdir "$src" "$dir"
rm -f "$base.result" "$base.ktap" "$base.json" "$dir/test.log"
run() {
	(cd "$src" && python3 tools/testing/kunit/kunit.py run "${KUNIT_ARGS[@]}" --build_dir="$dir" \
		--timeout=3000 --json="$base.json" "$@") > "$base.out" 2>&1
}
step "kunit.py run: build and boot ${dir#"$TOP"/} ($(git -C "$src" log --oneline -1 | cut -c1-40))" \
	run "$@" && rc=0 || rc=$?
[ -f "$dir/test.log" ] || { tail -20 "$base.out"; die "kunit.py run ($rc) left no $dir/test.log"; }
skip_ok=()
for name in ${KUNIT_SKIP_OK:-}; do
	skip_ok+=(--skip-ok "$name")
done
kunit_verdict "$src" "$dir/test.log" "$base" --json "$base.json" --output "$base.out" --rc "$rc" \
	"${skip_ok[@]}"
