#!/bin/bash
# Build a busybox initramfs for make run (report), make shell (shell),
# make bench (poweroff), the debug boot (kmemleak) or make stress (stress,
# with the test modules of kernel build directory KDIR) and print its path.
#
#   scripts/initramfs.sh report|shell|poweroff|kmemleak
#   scripts/initramfs.sh stress KDIR
. "$(dirname "$0")/lib.sh"

mode=${1:-report}
bb=/bin/busybox
[ -x "$bb" ] || die "busybox-static missing"
name=$mode
[ "$mode" = stress ] && name=stress-$(basename "${2:?stress needs a kernel build dir}")
dir=$OUT/initramfs-$name
out=$OUT/initramfs-$name.cpio.gz
# usr/bin and usr/sbin: busybox --install -s links applets there too, and
# prints an error for each one whose directory is missing.
rm -rf "$dir" && mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/modules}
cp "$bb" "$dir/bin/busybox"

cat > "$dir/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
INIT
# Look for leaks twice, as kmemleak reports an object only once it stayed
# unreferenced; then power off.  "=== kmemleak scanned ===" only if both
# scans were accepted (kmemleak refuses them when it is off or disabled
# itself) and the report was read: without it the host does not take the
# absence of leaks for clean (kmemleak_leaks, stress.py).
KMEMLEAK_SCAN='echo "=== kmemleak ==="
echo scan > /sys/kernel/debug/kmemleak && sleep 5 &&
	echo scan > /sys/kernel/debug/kmemleak &&
	cat /sys/kernel/debug/kmemleak && echo "=== kmemleak scanned ==="
echo "=== end kmemleak ==="
poweroff -f'
if [ "$mode" = poweroff ]; then
	echo "poweroff -f" >> "$dir/init"
elif [ "$mode" = stress ]; then
	for m in lib/percpu_test.ko lib/test_percpu_misuse.ko; do
		[ -f "$2/$m" ] && cp "$2/$m" "$dir/lib/modules/"
	done
	cp "$TOP/scripts/stress-init.sh" "$dir/stress.sh"
	gcc -static -O2 -Wall -o "$dir/bin/bpf-pcpu" "$TOP/scripts/bpf-pcpu.c" ||
		die "building scripts/bpf-pcpu.c failed"
	cat >> "$dir/init" <<'INIT'
echo "=== stress ==="
sh /stress.sh 2>&1
echo "=== end stress ==="
INIT
	echo "$KMEMLEAK_SCAN" >> "$dir/init"
elif [ "$mode" = kmemleak ]; then
	# Built-in KUnit suites have run by now.
	cat >> "$dir/init" <<'INIT'
echo "=== meminfo ==="
grep -E '^(MemTotal|Percpu):' /proc/meminfo
echo "=== end meminfo ==="
INIT
	echo "$KMEMLEAK_SCAN" >> "$dir/init"
elif [ "$mode" = shell ]; then
	cat >> "$dir/init" <<'INIT'
echo "percpu shell: /proc/meminfo, /sys/kernel/debug/percpu_stats; poweroff -f to leave"
setsid cttyhack sh
poweroff -f
INIT
else
	cat >> "$dir/init" <<'INIT'
echo "=== meminfo ==="
grep -E '^(MemTotal|Percpu):' /proc/meminfo
echo "=== end meminfo ==="
echo "=== stats ==="
cat /sys/kernel/debug/percpu_stats
echo "=== end stats ==="
poweroff -f
INIT
fi
chmod +x "$dir/init"
(cd "$dir" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
echo "$out"
