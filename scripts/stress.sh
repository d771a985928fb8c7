#!/bin/bash
# make stress: the debug kernel (KASAN, lockdep, kmemleak...; 4 CPUs on 2
# NUMA nodes) runs scripts/stress-init.sh: memcg churn, netns churn,
# module churn, CPU hotplug under allocation, fault injection, bad frees
# and teardown.  The same script runs on the upstream allocator's kernel
# (base + the tests and benchmark) for the second column.  Writes the
# table to bench/stress.md (full run) or prints it (--short).
#
#   scripts/stress.sh [--short] [ours|upstream|both]
#
# --short is what make test runs: the same steps with a tenth of the
# counts, our kernel only.  --rt builds both debug kernels with
# CONFIG_PREEMPT_RT=y (make stress-rt: --rt --short both) and
# writes bench/stress-rt.md.  Exits non-zero if a step of our kernel
# fails or a guest did not have two NUMA nodes.
. "$(dirname "$0")/lib.sh"

scale=full rt=() sfx=
while [ $# -gt 0 ]; do
	case $1 in
	--short) scale=short ;;
	--rt) rt=(CONFIG_EXPERT=y CONFIG_PREEMPT_RT=y) sfx=-rt ;;
	*) break ;;
	esac
	shift
done
which=${1:-both}
logs=()

nodes=0
run_one() {	# NAME SRC DIR
	local name=$1 src=$2 dir=$3 initrd log
	log=$OUT/stress-$name$sfx-$scale.log
	rm -f "$log"
	step "building the $name debug kernel in ${dir#"$TOP"/}" build_debug_kernel "$src" "$dir" "${rt[@]}"
	initrd=$("$TOP/scripts/initramfs.sh" stress "$dir")
	# kunit.enable=0: the built-in suites ran in make test already;
	# loglevel=5: warnings and errors on the console, pr_info in dmesg.
	step "stress ($scale) on the $name kernel (slow: KASAN and lockdep under TCG)" \
		boot -t 5400 "$dir/arch/x86/boot/bzImage" "$initrd" \
		"$BOOT_CMDLINE kunit.enable=0 loglevel=5 printk.devkmsg=on STRESS_SCALE=$scale" "$log"
	two_nodes "$log" || { say "FAIL: the $name guest did not have 2 NUMA nodes (nr_node_ids:2)"; nodes=1; }
	logs+=("--$name" "$log")
}

if [ "$which" != upstream ]; then
	run_one ours "$KSRC" "$OUT/kunit-debug$sfx"
fi
if [ "$which" != ours ]; then
	"$TOP/scripts/alt-tree.sh" upstream > /dev/null
	run_one upstream "$BUILD/alt" "$OUT/kunit-debug-upstream$sfx"
fi

out=()
if [ -n "$sfx" ]; then
	out=(--markdown "$TOP/bench/stress$sfx.md" --rt)
elif [ "$scale" = full ]; then
	out=(--markdown "$TOP/bench/stress.md")
fi
python3 "$TOP/scripts/stress.py" --splat-re "$SPLAT_RE" --result "$OUT/stress$sfx.result" \
	"${out[@]}" "${logs[@]}"
[ "$scale" = full ] && [ -z "$sfx" ] && python3 "$TOP/scripts/charts.py" stress	# bench/stress.svg
exit "$nodes"
