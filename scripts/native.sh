#!/bin/bash
# A native userspace A/B benchmark of the two allocators' area cores, on the
# host's real caches: upstream's bitmap allocator (the base tree's
# mm/percpu.c) against ours (the series' mm/percpu-map.c, compiled
# unchanged, and the series' mm/percpu.c around it).  The code of both is
# copied unchanged out of the kernel sources by scripts/native/extract.py
# (the .spec files there name every function, macro, struct and region it
# takes); a missing one stops the build.  The driver, scripts/native/bench.c,
# runs the kernel benchmark's seq and churn cases against each.  See
# scripts/native/README.md.
#
#   scripts/native.sh           R runs (default 7) of each side, each in a
#                               fresh process pinned to CPU (default: the
#                               last one); the table goes to bench/native.md
#   scripts/native.sh --short   one small run of each side: a correctness
#                               check for make test; exits non-zero if an
#                               allocation fails or overlaps, a free or a
#                               check goes wrong, or the extraction is
#                               incomplete; last line "native: ok" or
#                               "native: FAILED"
#
# Environment: R (runs), CPU (taskset -c), OURS_REV (a commit of build/linux
# for our side instead of patches/), UP_SRC / OURS_SRC (a directory with the
# sources instead of git: for trying a changed copy), NATIVE_ARGS (more
# arguments to the driver), NATIVE_DIR (work dir, default build/out/native).
. "$(dirname "$0")/lib.sh"

short=0
[ "${1:-}" = --short ] && short=1
R=${R:-7}
[ $short = 1 ] && R=1
CPU=${CPU:-$(($(nproc) - 1))}
ND=$TOP/scripts/native
W=${NATIVE_DIR:-$OUT/native}	# work dir: snapshots, generated code, binaries, runs
BASE=$(git -C "$KSRC" rev-parse --verify -q 'base^{commit}') || die "no base tag in $KSRC (make tree)"

# Sources: a snapshot of each side, never build/linux's work tree (another
# developer may be editing or rebasing it): upstream from the base commit;
# ours from patches/ applied to the base's files (git apply, only the files
# used), or from a commit (OURS_REV), or from UP_SRC/OURS_SRC.
UP_FILES="mm/percpu.c mm/percpu-internal.h include/linux/percpu.h
	include/linux/bitmap.h include/linux/find.h lib/bitmap.c lib/find_bit.c
	tools/include tools/arch/x86/include tools/lib/rbtree.c tools/lib/bitmap.c
	tools/lib/find_bit.c tools/lib/hweight.c tools/lib/vsprintf.c"
OURS_FILES="mm/percpu.c mm/percpu-internal.h include/linux/percpu.h
	mm/percpu-map.c mm/percpu-map.h"
rm -rf "$W" && mkdir -p "$W/base" "$W/series" "$W/gen"
snapshot() {	# REV DIR FILES...
	local rev=$1 dir=$2
	shift 2
	# shellcheck disable=SC2068
	git -C "$KSRC" archive "$rev" $@ | tar -C "$dir" -x
}
# shellcheck disable=SC2086
if [ -n "${UP_SRC:-}" ]; then
	(cd "$UP_SRC" && cp -r --parents $UP_FILES "$W/base") || die "UP_SRC lacks a file"
	up_from="$UP_SRC (a copy)"
else
	snapshot "$BASE" "$W/base" $UP_FILES
	up_from="base $(git -C "$KSRC" log -1 --format='%h (tree %t) %s' "$BASE")"
fi
# shellcheck disable=SC2086
if [ -n "${OURS_SRC:-}" ]; then
	(cd "$OURS_SRC" && cp -r --parents $OURS_FILES "$W/series") || die "OURS_SRC lacks a file"
	ours_from="$OURS_SRC (a copy)"
elif [ -n "${OURS_REV:-}" ]; then
	OURS=$(git -C "$KSRC" rev-parse --verify -q "$OURS_REV^{commit}") ||
		die "no commit $OURS_REV in $KSRC"
	snapshot "$OURS" "$W/series" $OURS_FILES
	ours_from="series $(git -C "$KSRC" log -1 --format='%h (tree %t) %s' "$OURS")"
else
	# patches/ on the base: build/linux may be in the middle of a rebase
	snapshot "$BASE" "$W/series" mm/percpu.c mm/percpu-internal.h include/linux/percpu.h
	inc=()
	for f in $OURS_FILES; do inc+=(--include="$f"); done
	for p in $(series_patches); do
		# outside any repository (not the harness's, which holds $W)
		GIT_CEILING_DIRECTORIES=$W git -C "$W/series" apply "${inc[@]}" "$p" ||
			{ echo "native: FAILED ($(basename "$p") does not apply)"; exit 1; }
	done
	[ -f "$W/series/mm/percpu-map.c" ] ||
		{ echo "native: FAILED (the series has no mm/percpu-map.c)"; exit 1; }
	ours_from="base + patches/ (series hash $(series_hash | cut -c1-12), $(series_patches | wc -l) patches, last: $(basename "$(series_patches | tail -1)"))"
fi
blob() { git hash-object "$1" | cut -c1-12; }
up_blobs="mm/percpu.c $(blob "$W/base/mm/percpu.c")"
ours_blobs="mm/percpu.c $(blob "$W/series/mm/percpu.c"), mm/percpu-map.c $(blob "$W/series/mm/percpu-map.c")"

# Extraction: fails, naming what it missed, if a .spec item is gone.
ok=1
for s in bitops bitops-lib upstream; do
	python3 "$ND/extract.py" "$ND/$s.spec" "$W/base" base "$W/gen" || ok=0
done
python3 "$ND/extract.py" "$ND/ours.spec" "$W/series" series "$W/gen" || ok=0
[ $ok = 1 ] || { echo "native: FAILED (extraction incomplete)"; exit 1; }

# Build.  The allocator objects get the x86-64 kernel's code generation
# flags that matter here (-O2, no SSE, no strict aliasing or overflow, no
# stack protector, no PIE); the driver is ordinary -O2 userspace code.
CC=${CC:-gcc}
KFLAGS="-O2 -g -fno-strict-aliasing -fno-strict-overflow -fno-common
	-fno-delete-null-pointer-checks -fno-stack-protector -fno-pie
	-mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx
	-Wall -Wno-unused-function -Wno-unused-variable -D_GNU_SOURCE
	-DPCPU_MAP_SLOT_SHIFT=12
	-I$ND/shim -I$W/gen -I$W/base/tools/include -I$W/base/tools/arch/x86/include"
LIBS="$W/base/tools/lib/rbtree.c $W/base/tools/lib/bitmap.c
	$W/base/tools/lib/find_bit.c $W/base/tools/lib/hweight.c
	$W/base/tools/lib/vsprintf.c $ND/bitops-lib.c"
build() {	# SIDE SOURCES...
	local side=$1 o objs=() src
	shift
	mkdir -p "$W/obj-$side"
	for src in "$@" $LIBS; do
		o=$W/obj-$side/$(basename "$src" .c).o
		# shellcheck disable=SC2086
		$CC $KFLAGS -I"$W/series/mm" -c "$src" -o "$o" || return 1
		objs+=("$o")
	done
	$CC -O2 -g -Wall -I"$ND" -c "$ND/bench.c" -o "$W/obj-$side/bench.o" &&
	$CC -no-pie -o "$W/native-$side" "$W/obj-$side/bench.o" "${objs[@]}"
}
{ build upstream "$ND/upstream.c" &&
  build ours "$ND/ours.c" "$W/series/mm/percpu-map.c"; } > "$W/build.log" 2>&1 ||
	{ cat "$W/build.log"; echo "native: FAILED (build)"; exit 1; }
if grep -q 'warning:' "$W/build.log"; then
	cat "$W/build.log"; echo "native: FAILED (warnings)"; exit 1
fi

# Runs: each a fresh process on CPU $CPU; the sides alternate which goes
# first, so that neither always runs after the other.
args=()
[ $short = 1 ] && args+=(--short)
# shellcheck disable=SC2206
args+=(${NATIVE_ARGS:-})
say "native: $R run(s) of each side on CPU $CPU: ${args[*]:-(defaults)}"
t0=$(date +%s)
rc=0
for r in $(seq 1 "$R"); do
	order="upstream ours"
	[ $((r % 2)) = 0 ] && order="ours upstream"
	for side in $order; do
		taskset -c "$CPU" "$W/native-$side" "${args[@]}" > "$W/run-$side-$r.txt" 2>&1 ||
			{ rc=1; grep -E '^FAIL' "$W/run-$side-$r.txt" | head -5; }
		grep -q "^side=$side result=ok" "$W/run-$side-$r.txt" || rc=1
	done
done
secs=$(($(date +%s) - t0))
if [ $short = 1 ]; then
	grep -h "result=" "$W"/run-*.txt
	[ $rc = 0 ] && echo "native: ok (upstream and ours: every case allocated, checked, freed; ${secs} s)" ||
		echo "native: FAILED"
	exit $rc
fi
[ $rc = 0 ] || die "a run failed: see $W/run-*.txt"

python3 "$ND/report.py" --runs "$R" --cpu "$CPU" --secs "$secs" \
	--command "make native${NATIVE_ARGS:+ NATIVE_ARGS=\"$NATIVE_ARGS\"}" \
	--compiler "$($CC --version | head -1)" \
	--cpu-model "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
	--upstream "$up_from; $up_blobs" --ours "$ours_from; $ours_blobs" \
	"$W"/run-*.txt > "$TOP/bench/native.md"
cat "$TOP/bench/native.md"
say "native: ${secs} s of runs; table in bench/native.md"
