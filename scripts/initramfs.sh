#!/bin/bash
# Build a busybox initramfs for make run (report), make shell (shell),
# make bench (poweroff) or the debug boot (kmemleak) and print its path.
. "$(dirname "$0")/lib.sh"

mode=${1:-report}
bb=/bin/busybox
[ -x "$bb" ] || die "busybox-static missing"
dir=$OUT/initramfs-$mode
out=$OUT/initramfs-$mode.cpio.gz
rm -rf "$dir" && mkdir -p "$dir"/{bin,sbin,proc,sys,dev,tmp}
cp "$bb" "$dir/bin/busybox"

cat > "$dir/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
INIT
if [ "$mode" = poweroff ]; then
	echo "poweroff -f" >> "$dir/init"
elif [ "$mode" = kmemleak ]; then
	# Built-in KUnit suites have run by now; look for leaks twice, as
	# kmemleak reports an object only once it stayed unreferenced.
	cat >> "$dir/init" <<'INIT'
echo "=== meminfo ==="
grep -E '^(MemTotal|Percpu):' /proc/meminfo
echo "=== end meminfo ==="
echo scan > /sys/kernel/debug/kmemleak
sleep 5
echo scan > /sys/kernel/debug/kmemleak
echo "=== kmemleak ==="
cat /sys/kernel/debug/kmemleak
echo "=== end kmemleak ==="
poweroff -f
INIT
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
