#!/bin/bash
# make profile: what each step of pcpu_alloc() and free_percpu() costs, in
# guest instructions, upstream's allocator and ours side by side.
#
#   scripts/profile.sh [SIZE [ORDER]]     default: 1024 alternate
#
# The make bench kernels (configs/bench.config), each with step timers put
# in by scripts/profile-marks.py (TSC reads, which count instructions under
# -icount), booted with QEMU -icount shift=0,sleep=off as make bench does;
# the benchmark's seq case runs for SIZE bytes and ORDER (inorder,
# alternate, reverse) only.  Writes bench/profile.md.  The kernels are
# built in a scratch worktree, build/prof, reset before each use.
#
# The timers cost about 8 instructions each (the "mark" row): a step's
# number includes one.  The balance work, which runs when the benchmark
# sleeps, counts in the step that slept (the mutex, population).
. "$(dirname "$0")/lib.sh"

size=${1:-1024}
order=${2:-alternate}
case $order in
inorder) o=0 ;; alternate) o=1 ;; reverse) o=2 ;;
*) die "order: inorder, alternate or reverse" ;;
esac

SRC=$BUILD/prof
[ -e "$SRC/.git" ] || git -C "$KSRC" worktree add -q --detach "$SRC" HEAD
n=$(sed -n '1{s/[^0-9].*//;p}' "$PATCHES/baseline")
upstream=$(git -C "$KSRC" rev-list --reverse base..HEAD | sed -n "${n}p")
ours=$(git -C "$KSRC" rev-parse HEAD)
initrd=$("$TOP/scripts/initramfs.sh" poweroff)

run() {	# run upstream|ours COMMIT
	local out=$OUT/profile-$1 log=$OUT/profile-$1.out
	git -C "$SRC" checkout -q -f --detach "$2"
	python3 "$TOP/scripts/profile-marks.py" "$SRC" "$1" ||
		{ git -C "$SRC" checkout -q -f .; die "$1: timers not placed"; }
	step "building the $1 kernel with step timers" \
		make_kernel "$SRC" "$out" "$TOP/configs/bench.config" "$out.log" ||
		{ tail -20 "$out.log"; die "$1 kernel build failed"; }
	git -C "$SRC" checkout -q -f .
	step "running seq size=$size order=$order on $1 (QEMU TCG, -icount shift=0,sleep=off)" \
		boot -i -m 2048 -t 3000 "$out/arch/x86/boot/bzImage" "$initrd" \
		"console=ttyS0 panic=-1 test_percpu_alloc.run_test_mask=1 test_percpu_alloc.prof_size=$size test_percpu_alloc.prof_order=$o" \
		"$log"
	grep -q "case=seq size=$size order=$order" "$log" ||
		die "$1: the seq case did not run, see $log"
}

run upstream "$upstream"
run ours "$ours"
mkdir -p "$TOP/bench"
python3 "$TOP/scripts/profile.py" --size "$size" --order "$order" \
	--upstream "$(git -C "$KSRC" log -1 --format='tree %t, %s' "$upstream" | cut -c1-80)" \
	--ours "$(git -C "$KSRC" log -1 --format='tree %t, %s' "$ours" | cut -c1-80)" \
	"$OUT/profile-upstream.out" "$OUT/profile-ours.out" > "$TOP/bench/profile.md"
cat "$TOP/bench/profile.md"
