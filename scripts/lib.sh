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
# The base, pinned: the version of Debian's linux-source-6.12 the series
# applies to and every number in README.md and the cover letter was
# measured on.  The package moves with security updates; scripts/deps.sh
# installs this version (the archive keeps the older ones), and
# scripts/tree.sh refuses any other.  Moving the base is a change of its
# own: this line, a new build/linux, and every table measured again.
BASE_PKG=6.12.118-1~deb12u1
JOBS=${JOBS:-$(nproc)}

# ccache keyed on paths relative to the project, so that a clone in another
# directory (CI) hits the cache warmed by an earlier build.
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
MAKE_CC="ccache gcc"

# objdir SRC DIR: kernel builds go to DIR (build/out/NAME), a link to
# SRC/.o-NAME, a directory right under the source tree.  kbuild then
# names the sources "../mm/percpu.c" (srctree=..) in build/linux and in
# the worktree build/alt alike, so a file the two trees share compiles to
# the same command and ccache hits from one tree to the other: the
# upstream-allocator kernels reuse what the series' kernels compiled.
objdir() {
	local src=$1 dir=$2 real
	real=$(cd "$src" && pwd)/.o-$(basename "$dir")
	mkdir -p "$real" "$(dirname "$dir")"
	[ "$(readlink "$dir" 2>/dev/null)" = "$real" ] && return
	rm -rf "$dir"
	ln -s "$real" "$dir"
	# neither tree.sh's git clean nor a checkout in build/alt touches them
	grep -qxF '/.o-*/' "$KSRC/.git/info/exclude" 2>/dev/null ||
		echo '/.o-*/' >> "$KSRC/.git/info/exclude"
}

# The machine, in kunit.py's qemu_config format: x86_64, 4 CPUs in 2
# sockets, one NUMA node per socket (CPUs 0-1 on node 0, 2-3 on node 1).
# kunit.py reads it with --qemu_config (KUNIT_ARGS); boot reads its
# topology.
QEMU_CONFIG=$TOP/configs/qemu_x86_64_numa.py

# The kernel `make test` and `make run` share: the suite's .kunitconfig plus
# what booting an initramfs and reading statistics need.
KUNIT_DIR=$OUT/kunit
KUNIT_ARGS=(--qemu_config="$QEMU_CONFIG"
	--kunitconfig=mm/tests --kunitconfig="$TOP/configs/harness.config"
	--make_options "CC=$MAKE_CC" --jobs="$JOBS")

# KUNIT_ARCH=arm64, i386 or x86_64-64cpus: the machines of make arches
# instead, each with its own kunitconfig (configs/<arch>.config: both
# suites, nothing of the harness's boots) and qemu_config
# (configs/qemu_arm64_numa.py: 64K pages, 4 CPUs on 2 nodes;
# configs/qemu_i386.py: HIGHMEM, 4 CPUs; configs/qemu_x86_64_64cpus.py:
# 64 possible CPUs, 4 online, on 2 nodes).
case ${KUNIT_ARCH:-} in
arm64)	KUNIT_ARGS=(--qemu_config="$TOP/configs/qemu_arm64_numa.py"
		--kunitconfig="$TOP/configs/arm64.config"
		--cross_compile=aarch64-linux-gnu-
		--make_options "CC=ccache aarch64-linux-gnu-gcc" --jobs="$JOBS") ;;
i386)	KUNIT_ARGS=(--qemu_config="$TOP/configs/qemu_i386.py"
		--kunitconfig="$TOP/configs/i386.config"
		--make_options "CC=$MAKE_CC" --jobs="$JOBS") ;;
x86_64-64cpus)
	KUNIT_ARGS=(--qemu_config="$TOP/configs/qemu_x86_64_64cpus.py"
		--kunitconfig="$TOP/configs/x86_64-64cpus.config"
		--make_options "CC=$MAKE_CC" --jobs="$JOBS") ;;
"")	;;
*)	echo "KUNIT_ARCH=$KUNIT_ARCH: arm64, i386 or x86_64-64cpus" >&2; exit 2 ;;
esac

# Lines in a boot log that mean something went wrong.
# (Lockdep's reports start with "WARNING:", soft lockups with "watchdog: BUG:";
# RCU stalls, hung tasks and hard lockups are named.)
SPLAT_RE='WARNING:|BUG:|KASAN:|UBSAN:|Oops|Kernel panic|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|sleeping function called|kmemleak: [0-9]+ new suspected|percpu: allocation failed|soft lockup|hard LOCKUP|detected stalls|self-detected stall|blocked for more than [0-9]+ seconds|general protection fault'

# splat_lines LOG: the lines of LOG that SPLAT_RE matches, less the WARN()s
# the internals suite provokes on purpose: its case bad_free_reported frees
# two bad pointers, and free_percpu() reports each with a WARN_ON_ONCE()
# (inlined pcpu_bad_free(), one per kind).  Those two are left out only
# in a boot where the case ran and the log holds exactly its two "bad
# free of" reports: a bad free by anything else in the boot, whose report
# comes on top, keeps every warning counted.
BAD_FREE_WARN_RE='WARNING: .* at [^ ]*mm/percpu[.]c:[0-9]+ (pcpu_bad_free|free_percpu)[.+]'
splat_lines() {
	local log=$1 excuse=0
	if grep -q 'pcpu_map_test_bad_free_reported' "$log" 2>/dev/null &&
		[ "$(grep -c 'percpu: bad free of ' "$log" 2>/dev/null)" = 2 ]; then
		excuse=2
	fi
	grep -E "$SPLAT_RE" "$log" 2>/dev/null |
		RE=$BAD_FREE_WARN_RE awk -v n="$excuse" 'n > 0 && $0 ~ ENVIRON["RE"] { n--; next } { print }' || true
}

# splat_count LOG: how many lines splat_lines prints; "?" if there is no
# log (a boot that never happened is not free of splats).
splat_count() {
	[ -r "$1" ] || { echo '?'; return 0; }
	splat_lines "$1" | wc -l
}

# The kernel command line of the test boots (make run, debug, stress).
BOOT_CMDLINE="console=ttyS0 panic=-1 oops=panic"

# qemu_topology MB [CONFIG]: QEMU's -smp/-object/-numa arguments from
# QEMU_CONFIG (or CONFIG: its topology(), as kunit.py gets them, for MB of
# memory), one line.
qemu_topology() {
	python3 -c '
import importlib.util, sys
sys.path.insert(0, sys.argv[1] + "/tools/testing/kunit")  # its qemu_config
spec = importlib.util.spec_from_file_location(".qemu_configs/x.py", sys.argv[2])
config = importlib.util.module_from_spec(spec)
spec.loader.exec_module(config)
print(" ".join(config.topology(int(sys.argv[3]))))' "$KSRC" "${2:-$QEMU_CONFIG}" "$1"
}

# boot [-m MB] [-t SECONDS] [-i] [-c 1] KERNEL INITRD CMDLINE LOG: every
# QEMU boot outside kunit.py.  QEMU TCG, the machine of QEMU_CONFIG with MB
# of memory (default 1024, half per node), console on the serial port into
# LOG (CRs stripped); returns when the guest powers off or after SECONDS
# (default 1800).  -i: -icount shift=0,sleep=off, guest time counts
# instructions (make bench, make profile).  -c 1: one CPU, no NUMA (the
# !SMP kernel); -c 64: 64 CPUs on 8 nodes (configs/qemu_x86_64_scale.py,
# make scale).  LOG "-": interactive (make shell), no timeout.
boot() {
	local mem=1024 secs=1800 icount=() cpus=4 opt OPTIND=1 topo=()
	while getopts m:t:ic: opt; do
		case $opt in
		m) mem=$OPTARG ;;
		t) secs=$OPTARG ;;
		i) icount=(-icount "shift=0,sleep=off") ;;
		c) cpus=$OPTARG ;;
		*) die "boot: bad option" ;;
		esac
	done
	shift $((OPTIND - 1))
	case $cpus in
	4) read -ra topo <<<"$(qemu_topology "$mem")"; [ ${#topo[@]} -gt 0 ] || die "no topology from $QEMU_CONFIG" ;;
	64) read -ra topo <<<"$(qemu_topology "$mem" "$TOP/configs/qemu_x86_64_scale.py")" ;;
	1) ;;
	*) die "boot: -c 4 ($QEMU_CONFIG), 64 or 1" ;;
	esac
	local cmd=(qemu-system-x86_64 -nodefaults -nographic -no-reboot -m "$mem"
		"${icount[@]}" "${topo[@]}" -kernel "$1" -initrd "$2" -append "$3")
	if [ "$4" = - ]; then
		"${cmd[@]}" -serial mon:stdio
		return
	fi
	timeout "$secs" "${cmd[@]}" -serial stdio < /dev/null > "$4.raw" 2>&1 || true
	tr -d '\r' < "$4.raw" > "$4" && rm -f "$4.raw"
}

# Progress of the long steps (kernel builds, boots, kunit.py runs), one
# line each on the terminal of the outermost script (fd 9, kept open for
# the scripts it runs with their output in logs), time since its start:
#   [+03:12] building the debug kernel ... done in 2:41
HARNESS_T0=${HARNESS_T0:-$(date +%s)}
export HARNESS_T0
{ : >&9; } 2>/dev/null || exec 9>&2
mmss() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }	# SECONDS as M:SS

# step WHAT COMMAND...: run COMMAND (a function or a program) as one step.
# (Its locals are _-prefixed: a function COMMAND sees them.)
step() {
	local _what=$1 _t _rc=0 _step=1	# _step: die ends the line
	shift
	_t=$(date +%s)
	printf '[+%02d:%02d] %s ...' $(((_t - HARNESS_T0) / 60)) $(((_t - HARNESS_T0) % 60)) "$_what" >&9
	"$@" || _rc=$?
	if [ "$_rc" = 0 ]; then
		printf ' done in %s\n' "$(mmss $(($(date +%s) - _t)))" >&9
	else
		printf ' failed (%s) after %s\n' "$_rc" "$(mmss $(($(date +%s) - _t)))" >&9
	fi
	return "$_rc"
}

# phase NAME COMMAND...: one step of make test or make test-more (a
# function or a program): run it and append "NAME<TAB>seconds<TAB>rc" to
# $TIMES, which scripts/times.py turns into the timing table.
phase() {
	local _name=$1 _t0=$SECONDS _rc=0
	shift
	"$@" || _rc=$?
	[ -z "${TIMES:-}" ] || printf '%s\t%d\t%d\n' "$_name" $((SECONDS - _t0)) "$_rc" >> "$TIMES"
	return "$_rc"
}

# two_nodes LOG: the guest of a boot log had the two NUMA nodes that
# QEMU_CONFIG gives it (the kernel's "nr_node_ids:2").
two_nodes() {
	grep -qE 'nr_node_ids:2([^0-9]|$)' "$1" 2>/dev/null
}

# check_nodes NAME LOG: two_nodes as a check.
check_nodes() {
	local rc=0
	two_nodes "$2" || rc=1
	check "$1: guest has 2 NUMA nodes (nr_node_ids:2)" "$rc"
}

# kunit_check NAME BASE LOG OUTPUT: count a KUnit run's verdict
# (kunit_verdict: BASE.result, BASE.ktap; every test case and parameter is
# one check), check that the run was complete, the guest had two nodes
# and LOG has no splat.  Without a verdict, show the end of OUTPUT.
kunit_check() {
	local name=$1 base=$2 log=$3 kpass=0 kfail=0 kskip=0 problems=x why="(no verdict)" splats
	if [ -f "$base.result" ]; then
		read -r kpass kfail kskip problems < "$base.result"
		why="($problems problems, $kskip skipped)"
		sed -E "/^ /!s/^/$name: /" "$base.ktap"
	else
		tail -5 "$4" 2>/dev/null || true
	fi
	pass=$((pass + kpass)); fail=$((fail + kfail))
	check "$name: KUnit run complete (plans, declared suites, no kunit.py error)" \
		"$([ "$problems" = 0 ] && echo 0 || echo 1)" "$why"
	check_nodes "$name" "$log"
	splats=$(splat_count "$log")
	check "$name: boot log free of splats" "$([ "$splats" = 0 ] && echo 0 || echo 1)" "(${splats:-?} lines)"
	[ "$splats" = 0 ] || splat_lines "$log" | head -20 | sed 's/^/     /' || true
}

# kunit_verdict SRC LOG BASE [ktap.py arguments]: scripts/ktap.py's verdict
# on a KUnit run (SRC: the tree whose kunit.py made or parses the JSON and
# whose mm/tests declares the suites; LOG: the guest log): every test case
# and parameter counted, plans and declared suites checked, failures
# shown.  After `kunit.py run --json` (scripts/kunit.sh) the arguments are
# --json FILE --output FILE --rc N; otherwise ktap.py runs `kunit.py parse
# --json` on LOG.  Writes "<passed> <failed> <skipped> <problems>" to
# BASE.result and the report to BASE.ktap (and stdout), ending with the
# line "KUnit: N passed, N failed, N skipped, N problems" (kunit_summary);
# returns non-zero on any failure or problem.
kunit_verdict() {
	local src=$1 log=$2 base=$3
	shift 3
	rm -f "$base.result" "$base.ktap"
	python3 "$TOP/scripts/ktap.py" --src "$src" --result "$base.result" "$@" "$log" |
		tee "$base.ktap"
}

# kunit_summary BASE: "N passed, N failed, N skipped, N problems" of
# kunit_verdict's BASE.ktap.
kunit_summary() {
	sed -n 's/^KUnit: //p' "$1.ktap" 2>/dev/null
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

# build_debug_kernel SRC DIR [OPTION...]: the debug kernel
# (configs/debug.config on top of SRC's mm/tests/.kunitconfig and
# harness.config, then the OPTIONs, e.g. CONFIG_PREEMPT_RT=y) from tree
# SRC into DIR.  Options SRC's Kconfig lacks (the misuse module on the
# upstream allocator) are left out, or kunit.py would refuse the config.
build_debug_kernel() {
	local src=$1 dir=$2 cfg
	shift 2
	objdir "$src" "$dir"
	cfg=$dir.config
	if grep -q '^config TEST_PERCPU_MISUSE' "$src/lib/Kconfig.debug"; then
		cp "$TOP/configs/debug.config" "$cfg"
	else
		grep -v TEST_PERCPU_MISUSE "$TOP/configs/debug.config" > "$cfg"
	fi
	[ $# -eq 0 ] || printf '%s\n' "$@" >> "$cfg"
	(cd "$src" && python3 tools/testing/kunit/kunit.py build "${KUNIT_ARGS[@]}" \
		--kunitconfig="$cfg" --build_dir="$dir") > "$dir.build.log" 2>&1 ||
		{ tail -30 "$dir.build.log"; die "debug kernel build in $dir failed"; }
}

# make_kernel SRC DIR CONFIG LOG: x86_64 allnoconfig plus CONFIG
# (KCONFIG_ALLCONFIG) from tree SRC, bzImage in DIR; output into LOG.
make_kernel() {
	objdir "$1" "$2"
	{ make -s -C "$1" O="$2" ARCH=x86_64 CC="$MAKE_CC" KCONFIG_ALLCONFIG="$3" allnoconfig &&
	  make -s -C "$1" O="$2" ARCH=x86_64 CC="$MAKE_CC" -j"$JOBS" bzImage; } > "$4" 2>&1
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

# add_counts LOG: add a sub-script's final "N passed, N failed".
add_counts() {
	local p f
	read -r p f <<<"$(tail -1 "$1" | sed -nE 's/.*\b([0-9]+) passed, ([0-9]+) failed$/\1 \2/p')"
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	[ -n "${p:-}" ]
}

say() { printf '==> %s\n' "$*" >&2; }
die() { [ -z "${_step:-}" ] || echo ' failed' >&9; printf 'error: %s\n' "$*" >&2; exit 1; }

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
