#!/bin/sh
# Runs inside the guest (busybox sh), from the initramfs that
# scripts/stress.sh builds: the steps of `make stress`.  Every step is
# bounded in count and time and ends with one line
#   STRESS step=NAME ops=N faults=N failures=N before_kb=N after_kb=N check=ok
# (ops= what was done, not planned: the operations that succeeded;
# Percpu from /proc/meminfo; check= is what /sys/kernel/debug/percpu_check
# says, n/a on a kernel without it).  These lines and the "stress:
# begin/end NAME" markers go to the kernel log, so that they reach the
# console whole and the host can count splats per step.
# STRESS_SCALE=short (kernel command line) runs the short form of make test.

if [ "$STRESS_SCALE" = short ]; then
	NR_MEMCG=100 NR_MEMCG_KEEP=10 NR_NETNS=30 NR_MODLOOP=20
	CONC_PAIRS=20000 HOTPLUG_ROUNDS=1 CHURN_OPS=10000 NOMEM_FREES=10000
	SEQ_OBJS=2000 BPF_ENTRIES=2000 BPF_CHURN=10000
else
	NR_MEMCG=1000 NR_MEMCG_KEEP=100 NR_NETNS=300 NR_MODLOOP=200
	CONC_PAIRS=200000 HOTPLUG_ROUNDS=5 CHURN_OPS=50000 NOMEM_FREES=100000
	SEQ_OBJS=8000 BPF_ENTRIES=20000 BPF_CHURN=100000
fi
P=/sys/module/test_percpu_alloc/parameters
FI=/sys/kernel/debug
CG=/sys/fs/cgroup

percpu_kb() { sed -n 's/^Percpu: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
check() {
	if [ -r $FI/percpu_check ]; then
		cat $FI/percpu_check | tr ' ' '_'
	else
		echo n/a
	fi
}
# try CMD...: run CMD; count it in ops if it succeeded, in fail if not.
try() {
	if "$@"; then ops=$((ops + 1)); else fail=$((fail + 1)); fi
}
put() { echo "$1" > "$2"; }
# Results go through the kernel log too: whole lines, never interleaved
# with kernel messages on the console (printk.devkmsg=on: no ratelimit).
out() { echo "$*" > /dev/kmsg; }
klog() { out "stress: $*"; }
# Free bytes of the reserved region (module static percpu data).
reserved_free() {
	sed -n '/Reserved Chunk/,/^$/s/^ *free_bytes *: *//p' $FI/percpu_stats
}
# Wait until Percpu stops shrinking (deferred frees, RCU, balance work).
settle() {
	prev=0 n=0
	while [ $n -lt ${1:-30} ]; do
		sleep 1
		cur=$(percpu_kb)
		[ "$cur" = "$prev" ] && break
		prev=$cur n=$((n + 1))
	done
}
# Requests the allocator itself failed because a block could not be
# created or populated (percpu_stats; n/a where it does not count them).
alloc_fails() {
	awk '$1 == "nr_fail_block" || $1 == "nr_fail_populate" { n += $3; f = 1 }
	     END { print f ? n : "n/a" }' $FI/percpu_stats
}
# The last "case=NAME ... key=V" value the benchmark printed.
bench_val() { dmesg | grep "test_percpu_alloc: case=$1 " | tail -1 | sed -n "s/.* $2=\([0-9]*\).*/\1/p"; }
# How many runs of case NAME the benchmark completed (one line each).
bench_runs() { dmesg | grep -c "test_percpu_alloc: case=$1 "; }
# Wait up to 60 s until no removed cgroup under t is dying any more.
released() {
	n=0
	while [ $n -lt 60 ] && ! grep -q '^nr_dying_descendants 0' $CG/t/cgroup.stat; do
		sleep 1; n=$((n + 1))
	done
	grep -q '^nr_dying_descendants 0' $CG/t/cgroup.stat
}
# inject PERCENT IGNORE_GFP_WAIT: page and slab allocations of this shell
# (task filter), from any caller (no stack trace filter), fail with
# PERCENT% chance, the sleeping ones spared if IGNORE_GFP_WAIT is Y; at
# most TIMES failures.
TIMES=1000000
inject() {
	for f in fail_page_alloc failslab; do
		echo 0 > $FI/$f/require-start
		echo 0xffffffffffffffff > $FI/$f/require-end
		echo Y > $FI/$f/task-filter
		echo 0 > $FI/$f/verbose
		echo $2 > $FI/$f/ignore-gfp-wait
		echo $1 > $FI/$f/probability
		echo 1 > $FI/$f/interval
		echo $TIMES > $FI/$f/times
	done
}
# percpu_only: from now on only allocations called from mm/percpu.c's code
# fail (the stack trace filter, CONFIG_FAULT_INJECTION_STACKTRACE_FILTER):
# the text of mm/percpu.o is the run of text symbols around
# pcpu_alloc_noprof named pcpu_*, percpu_* (its tracepoints),
# free_percpu, per_cpu_ptr_to_phys and *is_kernel_percpu_address.
percpu_only() {
	set -- $(awk '$2 ~ /^[tT]$/ { a[++k] = $1; n[k] = $3; if ($3 == "pcpu_alloc_noprof") c = k }
		END {
			re = "^(__pfx_)?(trace_event_raw_event_|perf_trace_|trace_raw_output_|__bpf_trace_|__probestub_|__traceiter_)?(pcpu_|percpu_|free_percpu|per_cpu_ptr_to_phys|__is_kernel_percpu_address|is_kernel_percpu_address)[a-z_0-9]*([.][a-z]+[.][0-9]+)*$"
			lo = c; while (lo > 1 && n[lo - 1] ~ re) lo--
			hi = c; while (n[hi + 1] ~ re) hi++
			if (c) print a[lo], a[hi + 1], hi - lo + 1
		}' /proc/kallsyms)
	for f in fail_page_alloc failslab; do
		echo 0x$1 > $FI/$f/require-start
		echo 0x$2 > $FI/$f/require-end
	done
	out "STRESS-INFO percpu_text start=0x$1 end=0x$2 symbols=$3"
}
# failing_run MASK [armed]: run benchmark cases MASK with make-it-fail set
# on this shell (with "armed", first record make-it-fail in $armed).  Until
# make-it-fail is 0 again any allocation of the shell may fail, opening a
# file included: only builtins, every write retried.
failing_run() {
	echo 1 > /proc/self/make-it-fail
	n=0
	while [ -n "${2:-}" ] && ! read -r armed < /proc/self/make-it-fail && [ $n -lt 1000 ]; do
		n=$((n + 1))
	done 2>/dev/null
	n=0
	until echo $1 > $P/run 2>/dev/null || [ $n -ge 5 ]; do n=$((n + 1)); done
	n=0
	until echo 0 > /proc/self/make-it-fail 2>/dev/null || [ $n -ge 1000 ]; do n=$((n + 1)); done
}
# injected: turn injection off and print how many failures it injected.
injected() {
	n=0
	for f in fail_page_alloc failslab; do
		echo 0 > $FI/$f/probability
		n=$((n + TIMES - $(cat $FI/$f/times)))
	done
	echo $n
}
report() {	# NAME OPS FAULTS FAILURES BEFORE
	out "STRESS step=$1 ops=$2 faults=$3 failures=$4 before_kb=$5 after_kb=$(percpu_kb) check=$(check)"
	klog "end $1"
}

# The kernel's "nr_node_ids:N" line, for the host's check of two NUMA
# nodes: it is pr_info, not on the console at loglevel=5.
dmesg | grep -m1 'nr_node_ids:'

klog "begin baseline"
settle 10
BASE=$(percpu_kb)
out "STRESS step=baseline ops=0 faults=0 failures=0 before_kb=$BASE after_kb=$BASE check=$(check)"
klog "end baseline"

# 1. memcg churn: create NR_MEMCG memory cgroups, remove all but
#    NR_MEMCG_KEEP, wait until the removed ones are released.
klog "begin memcg"
before=$(percpu_kb) fail=0 ops=0
mount -t cgroup2 none $CG
echo +memory > $CG/cgroup.subtree_control
mkdir $CG/t && echo +memory > $CG/t/cgroup.subtree_control
i=0
while [ $i -lt $NR_MEMCG ]; do
	try mkdir $CG/t/c$i
	i=$((i + 1))
done
created=$(percpu_kb)
i=$NR_MEMCG_KEEP
while [ $i -lt $NR_MEMCG ]; do
	try rmdir $CG/t/c$i
	i=$((i + 1))
done
released || fail=$((fail + 1))
settle
out "STRESS-INFO memcg created_kb=$created dying=$(sed -n 's/nr_dying_descendants //p' $CG/t/cgroup.stat)"
report memcg $ops 0 $fail $before

# 1b. memcg charge: the benchmark's memcg case, run by this shell from a
#     cgroup of its own, allocates accounted objects; the cgroup's percpu
#     statistic must grow by at least their size on every possible CPU
#     (at most twice that, with the allocator's per-object metadata) and
#     come back exactly when they are freed.
klog "begin memcg_charge"
before=$(percpu_kb) fail=0 ops=0
mkdir $CG/t/charge
echo $$ > $CG/t/charge/cgroup.procs
echo 128 > $P/run || fail=$((fail + 1))
echo $$ > $CG/cgroup.procs
rmdir $CG/t/charge || fail=$((fail + 1))
objs=$(bench_val memcg objs) size=$(bench_val memcg size)
cpus=$(bench_val memcg possible_cpus) failed=$(bench_val memcg failed)
b0=$(bench_val memcg before_bytes) b1=$(bench_val memcg charged_bytes)
b2=$(bench_val memcg after_bytes)
if [ -n "$objs" ] && [ -n "$b2" ]; then
	least=$((objs * size * cpus))
	charged=$((b1 - b0))
	[ "$failed" = 0 ] || fail=$((fail + 1))
	[ $charged -ge $least ] && [ $charged -le $((2 * least)) ] || fail=$((fail + 1))
	[ "$b2" = "$b0" ] || fail=$((fail + 1))
	ops=$((objs - failed))
else
	fail=$((fail + 1))
fi
out "STRESS-INFO memcg_charge objs=${objs:-none} size=${size:-none} possible_cpus=${cpus:-none} percpu_bytes_before=${b0:-none} charged=${charged:-none} least=${least:-none} after=${b2:-none}"
report memcg_charge $ops 0 $fail $before

# 2. netns churn: every tenth namespace is held open by a sleeping
#    process while the others come and go.
klog "begin netns"
before=$(percpu_kb) fail=0 ops=0 held=""
i=0
while [ $i -lt $NR_NETNS ]; do
	if [ $((i % 10)) = 0 ]; then
		unshare -n sleep 600 &
		held="$held $!"
	else
		try unshare -n true
	fi
	i=$((i + 1))
done
sleep 1
for p in $held; do try kill -0 $p 2>/dev/null; done
kill $held 2>/dev/null
wait 2>/dev/null
settle
report netns $ops 0 $fail $before

# 2b. BPF: a BPF_MAP_TYPE_PERCPU_HASH without preallocation
#     (BPF_F_NO_PREALLOC), filled with BPF_ENTRIES elements of 64 bytes
#     per CPU and churned BPF_CHURN times from userspace (/bin/bpf-pcpu,
#     the raw bpf(2) syscall).  Its elements' percpu objects come from
#     the BPF memory allocator's caches, refilled by atomic percpu
#     allocations (GFP_NOWAIT) from irq_work: a failed update (ENOMEM)
#     is an atomic allocation that failed.  Closing the map frees all.
klog "begin bpf"
before=$(percpu_kb) fail=0 ops=0
line=$(/bin/bpf-pcpu $BPF_ENTRIES $BPF_CHURN 64)
val() { echo "$line" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
filled=$(val filled) churned=$(val churned)
if [ -n "$filled" ] && [ -n "$churned" ]; then
	ops=$((filled + churned))
	fail=$(($(val fill_failed) + $(val churn_failed)))
else
	fail=1
fi
out "STRESS-INFO bpf ${line#BPF }"
settle
report bpf $ops 0 $fail $before

# 3. module churn: lib/percpu_test.ko (fails its load on purpose after
#    testing, -EAGAIN) and a module that holds static percpu data in the
#    reserved region.
klog "begin modules"
before=$(percpu_kb) fail=0 ops=0 rfree=$(reserved_free)
i=0
while [ $i -lt $NR_MODLOOP ]; do
	# EAGAIN: the module's tests ran (it fails its load on purpose)
	insmod /lib/modules/percpu_test.ko 2>&1 | grep -q 'temporarily unavailable' &&
		ops=$((ops + 1))
	if [ -f /lib/modules/test_percpu_misuse.ko ]; then
		try insmod /lib/modules/test_percpu_misuse.ko kind=none
		try rmmod test_percpu_misuse
	fi
	i=$((i + 1))
done
dmesg | grep -q 'percpu test done' || fail=$((fail + 1))
# every module's static percpu data went back to the reserved region
[ "$(reserved_free)" = "$rfree" ] || fail=$((fail + 1))
out "STRESS-INFO modules reserved_free_bytes_before=$rfree after=$(reserved_free)"
settle
report modules $ops 0 $fail $before

# 4. CPU hotplug during allocation: CPUs 1-3 go offline and online while
#    the benchmark's conc case (unbound workers) runs.
klog "begin hotplug"
before=$(percpu_kb) fail=0 ops=0
echo 1 > $P/unbound
echo $CONC_PAIRS > $P/conc_pairs
echo 8 > $P/run &
runner=$!
r=0
while [ $r -lt $HOTPLUG_ROUNDS ] || kill -0 $runner 2>/dev/null; do
	for c in 1 2 3; do
		try put 0 /sys/devices/system/cpu/cpu$c/online
		try put 1 /sys/devices/system/cpu/cpu$c/online
	done
	r=$((r + 1))
	[ $r -ge 50 ] && break
done
wait $runner || fail=$((fail + 1))
echo 0 > $P/unbound
conc_failed=$(bench_val conc failed)
fail=$((fail + ${conc_failed:-1}))
out "STRESS-INFO hotplug conc_pairs=$CONC_PAIRS conc_failed=$conc_failed online=$(cat /sys/devices/system/cpu/online)"
settle
report hotplug $ops 0 $fail $before

# 5. Fault injection: page and slab allocations of this shell (the churn
#    and seq cases run in it) fail at random, those called from
#    mm/percpu.c only: block creation and population.
#    make-it-fail must have been set, and some requests must have failed
#    inside the allocator (percpu_stats counts them where it can: n/a
#    upstream).  Failures must be clean NULLs, the checker ok after;
#    afterwards, injection off, all must succeed.
klog "begin faults"
before=$(percpu_kb) fail=0 runs=$(bench_runs churn) armed=0
inject 10 N
echo N > $FI/fail_page_alloc/ignore-gfp-highmem
echo 0 > $FI/fail_page_alloc/min-order
echo $CHURN_OPS > $P/churn_ops
inside0=$(alloc_fails)
percpu_only
# the seq case too: its 1 KiB objects outrun the populated reserve, so
# that population meets the injected failures, not only block creation
echo $SEQ_OBJS > $P/nr_objs
failing_run 3 armed
faults=$(injected)
inside1=$(alloc_fails)
[ "$armed" = 1 ] || fail=$((fail + 1))
if [ "$inside0" = n/a ]; then
	inside=n/a
else
	inside=$((inside1 - inside0))
	[ $inside -gt 0 ] || fail=$((fail + 1))
fi
inj_failed=$(bench_val churn failed)
# injection off: the same churn again, nothing may fail
echo 2 > $P/run
after_failed=$(bench_val churn failed)
[ "${after_failed:-x}" = 0 ] || fail=$((fail + 1))
out "STRESS-INFO faults churn_ops=$CHURN_OPS armed=$armed failed_with_injection=${inj_failed:-none} failed_in_allocator=$inside failed_after=${after_failed:-none}"
settle
# every completed churn run did CHURN_OPS operations
report faults $(( ($(bench_runs churn) - runs) * CHURN_OPS )) $faults $fail $before

# 6. Frees need no memory: every non-sleeping page and slab allocation of
#    this shell fails (probability 100; sleeping ones are spared, so the
#    objects can be allocated) while the benchmark's free_irqoff case
#    frees NOMEM_FREES non-adjacent 4-byte objects with interrupts off.
#    No free may fail, warn or leak: the checker says ok and Percpu comes
#    back within the empty pages the allocator may keep (768 kB).
klog "begin nomem_free"
before=$(percpu_kb) fail=0 runs=$(bench_runs free_irqoff) armed=0
inject 100 Y
echo $NOMEM_FREES > $P/nomem_frees
failing_run 64 armed
faults=$(injected)
[ "$armed" = 1 ] || fail=$((fail + 1))
done_runs=$(( $(bench_runs free_irqoff) - runs ))
[ $done_runs = 1 ] || fail=$((fail + 1))
freed=$(bench_val free_irqoff irqoff_frees)
[ "${freed:-0}" = $NOMEM_FREES ] || fail=$((fail + 1))
settle
after=$(percpu_kb)
[ "$after" -le $((before + 768)) ] || fail=$((fail + 1))
out "STRESS-INFO nomem_free armed=$armed irqoff_frees=${freed:-none} nonsleeping_faults_injected=$faults before_kb=$before settled_kb=$after"
report nomem_free ${freed:-0} $faults $fail $before

# 7. Bad frees from a test module: each must be refused and reported
#    with its reason, the allocator consistent and working afterwards.
if [ -f /lib/modules/test_percpu_misuse.ko ]; then
	klog "begin misuse"
	before=$(percpu_kb) fail=0 ops=0
	for k in double:already_free interior:not_the_start never:already_free \
		 static:not_a_dynamic module:not_the_start vmalloc:not_a_dynamic; do
		kind=${k%%:*} why=$(echo ${k#*:} | tr '_' ' ')
		n0=$(dmesg | grep -c "percpu: bad free of .*: $why")
		try insmod /lib/modules/test_percpu_misuse.ko kind=$kind
		rmmod test_percpu_misuse || fail=$((fail + 1))
		n1=$(dmesg | grep -c "percpu: bad free of .*: $why")
		[ $n1 -gt $n0 ] || { fail=$((fail + 1)); echo "misuse $kind: no '$why' report"; }
		[ "$(check)" = ok ] || { fail=$((fail + 1)); echo "misuse $kind: check $(check)"; }
	done
	report misuse $ops $ops $fail $before
fi

# 8. Teardown: remove the remaining cgroups, drop caches, let the
#    allocator settle.
klog "begin teardown"
before=$(percpu_kb) fail=0 ops=0
i=0
while [ $i -lt $NR_MEMCG_KEEP ]; do
	try rmdir $CG/t/c$i
	i=$((i + 1))
done
released || fail=$((fail + 1))
rmdir $CG/t || fail=$((fail + 1))
echo 3 > /proc/sys/vm/drop_caches
settle 60
report teardown $ops 0 $fail $before
out "STRESS-INFO final baseline_kb=$BASE final_kb=$(percpu_kb)"
