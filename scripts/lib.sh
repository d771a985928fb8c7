# Shared settings for the harness scripts; sourced, never run.
# shellcheck shell=bash
set -euo pipefail

# Debian's python3 (with python3-ply and python3-git for checkpatch's
# spdxcheck), not whatever python3 comes first in a user's PATH.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$TOP/build
KSRC=$BUILD/linux			# the kernel tree: base commit + patches/
OUT=$BUILD/out				# kernel build directories and logs
PATCHES=$TOP/patches
STAMP=$BUILD/series.stamp		# "<hash of patches/> <HEAD after apply>"
SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
JOBS=${JOBS:-$(nproc)}

# ccache keyed on paths relative to the project, so that a clone in another
# directory (CI) hits the cache warmed by an earlier build.
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
MAKE_CC="ccache gcc"

# 4 CPUs in 2 sockets, one NUMA node per socket: CPUs 0-1 on node 0, 2-3 on
# node 1.  -numa reaches the guest through ACPI SRAT.
QEMU_SMP_NUMA="-smp 4,sockets=2,cores=2,threads=1 \
-object memory-backend-ram,id=m0,size=512M \
-object memory-backend-ram,id=m1,size=512M \
-numa node,nodeid=0,cpus=0-1,memdev=m0 \
-numa node,nodeid=1,cpus=2-3,memdev=m1"

# The kernel `make test` and `make run` share: the suite's .kunitconfig plus
# what booting an initramfs and reading statistics need.
KUNIT_DIR=$OUT/kunit
KUNIT_ARGS=(--arch=x86_64
	--kunitconfig=mm/tests --kunitconfig="$TOP/configs/harness.config"
	--make_options "CC=$MAKE_CC" --jobs="$JOBS")

# Lines in a boot log that mean something went wrong.
SPLAT_RE='WARNING:|BUG:|KASAN:|UBSAN:|Oops|Kernel panic|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|sleeping function called|kmemleak: [0-9]+ new suspected|percpu: allocation failed'

# boot_qemu KERNEL INITRD LOG [TIMEOUT [EXTRA_CMDLINE]]: boot with 4 CPUs
# on 2 nodes, 1 GiB, console on the serial port into LOG (CRs stripped);
# returns when the guest powers off.
boot_qemu() {
	# shellcheck disable=SC2086
	timeout "${4:-1800}" qemu-system-x86_64 -nodefaults -nographic -no-reboot \
		-m 1024 $QEMU_SMP_NUMA -kernel "$1" -initrd "$2" \
		-append "console=ttyS0 panic=-1 oops=panic ${5:-}" \
		-serial stdio < /dev/null > "$3.raw" 2>&1 || true
	tr -d '\r' < "$3.raw" > "$3" && rm -f "$3.raw"
}

# boot_icount KERNEL INITRD CMDLINE LOG: the benchmark machine (make bench,
# make profile): QEMU TCG with -icount shift=0,sleep=off, so that guest
# time counts instructions; 4 CPUs in 2 sockets, one 1 GiB NUMA node each;
# console into LOG (CRs stripped); returns when the guest powers off.
boot_icount() {
	timeout 3000 qemu-system-x86_64 -nodefaults -nographic -no-reboot -m 2048 \
		-icount shift=0,sleep=off \
		-smp 4,sockets=2,cores=2,threads=1 \
		-object memory-backend-ram,id=m0,size=1G \
		-object memory-backend-ram,id=m1,size=1G \
		-numa node,nodeid=0,cpus=0-1,memdev=m0 \
		-numa node,nodeid=1,cpus=2-3,memdev=m1 \
		-kernel "$1" -initrd "$2" -append "$3" \
		-serial stdio < /dev/null > "$4.raw" 2>&1 || true
	tr -d '\r' < "$4.raw" > "$4" && rm -f "$4.raw"
}

# two_nodes LOG: the guest of a boot log had the two NUMA nodes that
# QEMU_SMP_NUMA gives it (the kernel's "nr_node_ids:2").
two_nodes() {
	grep -qE 'nr_node_ids:2([^0-9]|$)' "$1" 2>/dev/null
}

# check_nodes NAME LOG: two_nodes as a check.
check_nodes() {
	local rc=0
	two_nodes "$2" || rc=1
	check "$1: guest has 2 NUMA nodes (nr_node_ids:2)" "$rc"
}

# kunit_verdict SRC LOG BASE [--suite NAME...]: scripts/ktap.py's verdict on the KTAP of a
# boot log (SRC: the tree whose kunit.py parses it and whose mm/tests
# declares the suites): every test case and parameter counted, plans and
# declared suites checked, failures shown.  Writes "<passed> <failed>
# <skipped> <problems>" to BASE.result and the report to BASE.ktap (and
# stdout); returns non-zero on any failure or problem.
kunit_verdict() {
	local src=$1 log=$2 base=$3
	shift 3
	rm -f "$base.result" "$base.ktap"
	python3 "$TOP/scripts/ktap.py" --src "$src" --result "$base.result" "$@" "$log" |
		tee "$base.ktap"
}

# kmemleak_leaks LOG: "N leaks" from the guest's kmemleak report
# (KMEMLEAK_SCAN in initramfs.sh), or "kmemleak did not run" if the log
# lacks the "=== kmemleak scanned ===" the guest prints only after both
# scans and the read of the report succeeded.  Clean is "0 leaks".
kmemleak_leaks() {
	if grep -q '^=== kmemleak scanned ===' "$1" 2>/dev/null; then
		echo "$(sed -n '/^=== kmemleak ===/,/^=== end kmemleak ===/p' "$1" |
			grep -c '^unreferenced object' || true) leaks"
	else
		echo "kmemleak did not run"
	fi
}

# build_debug_kernel SRC DIR: the debug kernel (configs/debug.config on top
# of SRC's mm/tests/.kunitconfig and harness.config) from tree SRC into
# DIR.  Options SRC's Kconfig lacks (the misuse module on the upstream
# allocator) are left out, or kunit.py would refuse the config.
build_debug_kernel() {
	local src=$1 dir=$2 cfg
	mkdir -p "$dir"
	cfg=$dir.config
	if grep -q '^config TEST_PERCPU_MISUSE' "$src/lib/Kconfig.debug"; then
		cp "$TOP/configs/debug.config" "$cfg"
	else
		grep -v TEST_PERCPU_MISUSE "$TOP/configs/debug.config" > "$cfg"
	fi
	(cd "$src" && python3 tools/testing/kunit/kunit.py build "${KUNIT_ARGS[@]}" \
		--kunitconfig="$cfg" --build_dir="$dir") > "$dir.build.log" 2>&1 ||
		{ tail -30 "$dir.build.log"; die "debug kernel build in $dir failed"; }
}

# check NAME OK(0/1) [DETAIL]: one line per check, counted in pass/fail.
pass=0 fail=0
check() {
	if [ "$2" = 0 ]; then
		pass=$((pass + 1)); printf 'ok   %s\n' "$1"
	else
		fail=$((fail + 1)); printf 'FAIL %s %s\n' "$1" "${3:-}"
	fi
}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The kernel version the tree was unpacked from, e.g. 6.12.117.
kernel_version() {
	make -s -C "$KSRC" kernelversion 2>/dev/null
}

# The patches' content, not the cover letter's: editing the cover letter
# does not make tree.sh apply the series again.
series_hash() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-cover-letter.patch' | sort | xargs cat 2>/dev/null |
		sha1sum | cut -d' ' -f1
}

series_patches() {
	local p
	for p in "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$p" ] || continue
		case $(basename "$p") in 0000-*) continue ;; esac
		echo "$p"
	done
}
