#!/bin/bash
# The !SMP check of make test: build x86_64 allnoconfig + configs/up.config
# from the patched tree (percpu-km.c serves percpu there), boot it on one
# CPU with the report initramfs: both KUnit suites (the contract, and the
# internals with the allocator's state checker) must pass, the cases that
# need SMP, modules or page population skipped by name, and the kernel
# come up with Percpu figures and no splat.  Log: build/out/up.log.
. "$(dirname "$0")/lib.sh"

out=$OUT/up
log=$out.log
step "building the !SMP kernel in build/out/up" \
	make_kernel "$KSRC" "$out" "$TOP/configs/up.config" "$out.build.log" ||
	{ tail -20 "$out.build.log"; die "!SMP build failed"; }
grep -q '^# CONFIG_SMP is not set' "$out/.config" || die "!SMP config has SMP"
grep -q '^CONFIG_NEED_PER_CPU_KM=y' "$out/.config" || die "!SMP config does not use percpu-km"
initrd=$("$TOP/scripts/initramfs.sh" report)
step "booting it on one CPU" boot -c 1 -m 512 -t 600 "$out/arch/x86/boot/bzImage" "$initrd" \
	"console=ttyS0 panic=-1" "$log"
splats=$(splat_count "$log")
percpu=$(grep -m1 '^Percpu:' "$log" || true)
# both suites; these cases cannot apply on one CPU without modules
kunit_verdict "$KSRC" "$log" "$out" --suite percpu --suite percpu_map \
	--skip-ok percpu.pcpu_test_reserved --skip-ok percpu.pcpu_test_reserved_exhausted \
	--skip-ok percpu.pcpu_test_offline_cpu --skip-ok percpu_map.pcpu_map_test_busy_wait \
	--skip-ok percpu_map.pcpu_map_test_busy_wait_killed \
	--skip-ok percpu_map.pcpu_map_test_fail_populate \
	--skip-ok percpu_map.pcpu_map_test_fail_atomic \
	--skip-ok percpu_map.pcpu_map_test_unit_mappings \
	--skip-ok percpu_map.pcpu_map_test_unit_mappings_atomic \
	--skip-ok percpu_map.pcpu_map_test_reserve_budget \
	--skip-ok percpu_map.pcpu_map_test_vmalloc_full > /dev/null && kunit=0 || kunit=1
echo "!SMP kernel: ${percpu:-no Percpu line}, $splats splat lines, $(tail -1 "$out.ktap")"
# percpu_stats keeps the bitmap allocator's per-chunk fields
fields=0
for f in nr_alloc max_alloc_size empty_pop_pages first_bit free_bytes contig_bytes \
	 sum_frag max_frag cur_min_alloc cur_med_alloc cur_max_alloc; do
	grep -qE "^ +$f +:" "$log" || { echo "percpu_stats lacks $f"; fields=1; }
done
[ -n "$percpu" ] && [ "$splats" = 0 ] && [ "$kunit" = 0 ] && [ "$fields" = 0 ] &&
	grep -q '^Per Chunk Stats' "$log"
