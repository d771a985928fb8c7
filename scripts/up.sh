#!/bin/bash
# The !SMP check of make test: build x86_64 allnoconfig + configs/up.config
# from the patched tree (percpu-km.c serves percpu there), boot it on one
# CPU with the report initramfs: the percpu_map KUnit suite (with the
# allocator's state checker) must pass, and the kernel come up with Percpu
# figures and no splat.  Log: build/out/up.log.
. "$(dirname "$0")/lib.sh"

out=$OUT/up
log=$out.log
mkdir -p "$out"
say "building the !SMP kernel in build/out/up"
{ make -s -C "$KSRC" O="$out" ARCH=x86_64 CC="$MAKE_CC" \
	KCONFIG_ALLCONFIG="$TOP/configs/up.config" allnoconfig &&
  make -s -C "$KSRC" O="$out" ARCH=x86_64 CC="$MAKE_CC" -j"$JOBS" bzImage; } \
	> "$out.build.log" 2>&1 || { tail -20 "$out.build.log"; die "!SMP build failed"; }
grep -q '^# CONFIG_SMP is not set' "$out/.config" || die "!SMP config has SMP"
grep -q '^CONFIG_NEED_PER_CPU_KM=y' "$out/.config" || die "!SMP config does not use percpu-km"
initrd=$("$TOP/scripts/initramfs.sh" report)
timeout 600 qemu-system-x86_64 -nodefaults -nographic -no-reboot -m 512 \
	-kernel "$out/arch/x86/boot/bzImage" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1" -serial stdio < /dev/null 2>&1 | tr -d '\r' > "$log" || true
splats=$(grep -Ec "$SPLAT_RE" "$log" || true)
percpu=$(grep -m1 '^Percpu:' "$log" || true)
kunit_verdict "$KSRC" "$log" "$out" --suite percpu_map > /dev/null && kunit=0 || kunit=1
echo "!SMP kernel: ${percpu:-no Percpu line}, $splats splat lines, $(tail -1 "$out.ktap")"
# percpu_stats keeps the bitmap allocator's per-chunk fields
fields=0
for f in nr_alloc max_alloc_size empty_pop_pages first_bit free_bytes contig_bytes \
	 sum_frag max_frag cur_min_alloc cur_med_alloc cur_max_alloc; do
	grep -qE "^ +$f +:" "$log" || { echo "percpu_stats lacks $f"; fields=1; }
done
[ -n "$percpu" ] && [ "$splats" = 0 ] && [ "$kunit" = 0 ] && [ "$fields" = 0 ] &&
	grep -q '^Per Chunk Stats' "$log"
