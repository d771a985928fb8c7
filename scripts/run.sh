#!/bin/bash
# make run: build the patched kernel (the one make test uses), boot it in
# QEMU with 4 CPUs on 2 NUMA nodes and a busybox initramfs, let the built-in
# percpu KUnit suite run, show Percpu figures, power off, print a report.
#
#   scripts/run.sh           the report
#   scripts/run.sh --shell   boot to an interactive shell instead
. "$(dirname "$0")/lib.sh"

mode=report
[ "${1:-}" = --shell ] && mode=shell
t0=$SECONDS

build() {
	objdir "$KSRC" "$KUNIT_DIR"
	(cd "$KSRC" && python3 tools/testing/kunit/kunit.py build "${KUNIT_ARGS[@]}" \
		--build_dir="$KUNIT_DIR") > "$OUT/run-build.log" 2>&1
}
step "building the kernel in build/out/kunit" build ||
	{ tail -30 "$OUT/run-build.log"; die "kernel build failed, see build/out/run-build.log"; }
tbuild=$((SECONDS - t0))

initrd=$("$TOP/scripts/initramfs.sh" "$mode")
kernel=$KUNIT_DIR/arch/x86/boot/bzImage

if [ $mode = shell ]; then
	say "booting to a shell; 'poweroff -f' or Ctrl-A X leaves"
	boot "$kernel" "$initrd" "console=ttyS0" -
	exit
fi

log=$OUT/run.log
step "booting it (TCG; guest log build/out/run.log)" boot "$kernel" "$initrd" "$BOOT_CMDLINE" "$log"
trun=$((SECONDS - t0 - tbuild))

section() { sed -n "/^=== $1 ===/,/^=== end $1 ===/p" "$log" | sed '1d;$d'; }
kunit_verdict "$KSRC" "$log" "$OUT/run" > /dev/null && krc=0 || krc=1
kunit=$(kunit_summary "$OUT/run")
splats=$(splat_count "$log")

cat <<REPORT

================ percpu run report ================
kernel:     Linux $(kernel_version) + $(series_patches | wc -l) patches ($(git -C "$KSRC" log --oneline -1 | cut -c1-60))
machine:    QEMU TCG, 4 CPUs, 2 NUMA nodes, 1 GiB
boot:       $(grep -m1 -oE 'nr_node_ids:[0-9]+' "$log" || echo 'nr_node_ids: ?'), $(grep -m1 -oE 'percpu: Embedded.*|percpu: [0-9]+ 4K pages.*' "$log" | sed 's/^percpu: //')
kunit:      ${kunit:-no result found}
splats:     $splats lines matching WARNING/BUG/lockdep/...
$(section meminfo | sed 's/^/meminfo:    /')
percpu_stats (/sys/kernel/debug/percpu_stats, global part):
$(section stats | sed -n '1,/^Per Chunk/p' | grep -v '^Per Chunk' | sed 's/^/  /')
times:      build ${tbuild} s, boot+suite+poweroff ${trun} s
===================================================
REPORT
[ "$krc" = 0 ] || sed '1d' "$OUT/run.ktap"
[ "$krc" = 0 ] && [ "$splats" = 0 ] && two_nodes "$log"
