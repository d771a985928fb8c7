#!/bin/bash
# make bench: build the benchmark kernel twice from one config, "upstream"
# (base + the first $(cat patches/baseline) patches: tests and benchmark,
# upstream's allocator) and "ours" (the whole series); boot each in QEMU TCG
# with -icount shift=0,sleep=off (guest time counts instructions), 4 CPUs,
# 2 NUMA nodes; run the benchmark; print a side-by-side table and write it
# to bench/results.md.
#
#   BENCH_ARGS="test_percpu_alloc.nr_objs=65536" make bench   smaller N
#   BENCH_BUILD_ONLY=1 scripts/bench.sh   build both kernels only (make scale)
. "$(dirname "$0")/lib.sh"

# One worktree for both kernels: ccache hits.  BENCH_SRC: another worktree
# of build/linux (git worktree add), so that make bench can run while
# make test uses build/alt.
SRC=${BENCH_SRC:-$BUILD/alt}
[ -e "$SRC/.git" ] || "$TOP/scripts/alt-tree.sh" upstream > /dev/null
n=$(sed -n '1{s/[^0-9].*//;p}' "$PATCHES/baseline")
upstream=$(git -C "$KSRC" rev-list --reverse base..HEAD | sed -n "${n}p")
ours=$(git -C "$KSRC" rev-parse HEAD)
ARGS=${BENCH_ARGS:-}
# cases 1-32: seq, churn, atomic, conc, fork, search
CMDLINE="console=ttyS0 panic=-1 test_percpu_alloc.run_test_mask=63 $ARGS"

build() {	# build NAME COMMIT
	local out=$OUT/bench-$1
	git -C "$SRC" checkout -q --detach "$2"
	say "$1: $(git -C "$SRC" log --oneline -1 | cut -c1-70)"
	step "building the $1 kernel" make_kernel "$SRC" "$out" "$TOP/configs/bench.config" "$out.log" ||
		{ tail -20 "$out.log"; die "$1 kernel build failed"; }
	grep -q '^CONFIG_TEST_PERCPU_ALLOC=y' "$out/.config" || die "$1: benchmark not configured"
	cp "$out/arch/x86/boot/bzImage" "$OUT/bench-$1.bzImage"
}

run() {	# run NAME
	local log=$OUT/bench-$1.out
	step "running the benchmark on $1 (QEMU TCG, -icount shift=0,sleep=off)" \
		boot -i -m 2048 -t 3000 "$OUT/bench-$1.bzImage" "$initrd" "$CMDLINE" "$log"
	grep -q 'test_percpu_alloc: done' "$log" || die "$1: benchmark did not finish, see $log"
	two_nodes "$log" || die "$1: the guest did not have 2 NUMA nodes (nr_node_ids:2), see $log"
}

t0=$SECONDS
build upstream "$upstream"
build ours "$ours"
git -C "$SRC" checkout -q --detach "$ours"
# make scale boots the same two kernels on another machine
[ -z "${BENCH_BUILD_ONLY:-}" ] || exit 0
initrd=$("$TOP/scripts/initramfs.sh" poweroff)
run upstream
run ours

mkdir -p "$TOP/bench"
python3 "$TOP/scripts/bench.py" \
	--version "$(kernel_version)" \
	--upstream "$(git -C "$KSRC" log -1 --format='tree %t, %s' "$upstream" | cut -c1-80)" \
	--ours "$(git -C "$KSRC" log -1 --format='tree %t, %s' "$ours" | cut -c1-80)" \
	--cmdline "$CMDLINE" \
	"$OUT/bench-upstream.out" "$OUT/bench-ours.out" > "$TOP/bench/results.md"
cat "$TOP/bench/results.md"
say "bench/results.md written; took $((SECONDS - t0)) s"
python3 "$TOP/scripts/charts.py" ratio	# bench/ratio.svg from bench/results.md
