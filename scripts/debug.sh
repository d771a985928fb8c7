#!/bin/bash
# The debug boot of make test: the kernel with KASAN, lockdep,
# DEBUG_ATOMIC_SLEEP, DEBUG_VM, DEBUG_LIST and kmemleak (configs/debug.config)
# boots with 4 CPUs on 2 nodes, runs the built-in percpu suites, then an
# initramfs triggers two kmemleak scans and powers off.  Writes
# "<passed> <failed> <skipped> <splat lines> <leaks>" to
# build/out/kunit-debug.result; the log is build/out/kunit-debug.log.
. "$(dirname "$0")/lib.sh"

dir=$OUT/kunit-debug
log=$dir.log
res=$dir.result
rm -f "$res"
mkdir -p "$dir"
say "building the debug kernel in build/out/kunit-debug"
build_debug_kernel "$KSRC" "$dir"
initrd=$("$TOP/scripts/initramfs.sh" kmemleak)
say "booting the debug kernel (slow: KASAN and lockdep under TCG)"
boot_qemu "$dir/arch/x86/boot/bzImage" "$initrd" "$log" 3000

sum=$(kunit_summary "$log")
read -r p f s <<<"$(kunit_counts "$sum")"
splats=$(grep -Ec "$SPLAT_RE" "$log" || true)
leaks=$(sed -n '/^=== kmemleak ===/,/^=== end kmemleak ===/p' "$log" | grep -c '^unreferenced object' || true)
grep -q '^=== end kmemleak ===' "$log" || leaks=unknown
echo "debug kernel: ${sum:-no KUnit result}; $splats splat lines; kmemleak: $leaks leaks"
[ -n "$sum" ] && echo "$p $f $s $splats $leaks" > "$res"
[ -n "$sum" ] && [ "$f" = 0 ] && [ "$splats" = 0 ] && [ "$leaks" = 0 ]
