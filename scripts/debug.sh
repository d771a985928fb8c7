#!/bin/bash
# The debug boot of make test: the kernel with KASAN, lockdep,
# DEBUG_ATOMIC_SLEEP, DEBUG_VM, DEBUG_LIST and kmemleak (configs/debug.config)
# boots with 4 CPUs on 2 nodes, runs the built-in percpu suites, then an
# initramfs triggers two kmemleak scans and powers off.  The log is
# build/out/kunit-debug.log; the KUnit verdict (scripts/ktap.py) is
# written to build/out/kunit-debug.result and .ktap whatever it is.
# Exits non-zero on a KUnit failure, a splat, a leak or no kmemleak scan.
. "$(dirname "$0")/lib.sh"

dir=$OUT/kunit-debug
log=$dir.log
rm -f "$dir.result" "$dir.ktap" "$log"
step "building the debug kernel in build/out/kunit-debug" build_debug_kernel "$KSRC" "$dir"
initrd=$("$TOP/scripts/initramfs.sh" kmemleak)
step "booting the debug kernel (slow: KASAN and lockdep under TCG)" \
	boot -t 3000 "$dir/arch/x86/boot/bzImage" "$initrd" "$BOOT_CMDLINE" "$log"

# vmalloc_full cannot reserve vmalloc space cheaply under KASAN_VMALLOC
kunit_verdict "$KSRC" "$log" "$dir" --skip-ok percpu_map.pcpu_map_test_vmalloc_full && rc=0 || rc=1
splats=$(splat_count "$log")
leaks=$(kmemleak_leaks "$log")
echo "debug kernel: KUnit $(kunit_summary "$dir"); $splats splat lines; kmemleak: ${leaks#kmemleak }"
[ "$rc" = 0 ] && [ "$splats" = 0 ] && [ "$leaks" = "0 leaks" ]
