#!/bin/bash
# make scale: what each allocator holds on a big machine.  The benchmark
# kernels of make bench (upstream's allocator, and ours) boot on 4 CPUs (2
# nodes) and on 64 possible CPUs in 8 nodes with 8 online (maxcpus=8,
# configs/qemu_x86_64_scale.py), QEMU TCG, and run the benchmark's seq,
# churn, atomic and fork cases with smaller counts (SCALE_ARGS) so that a
# 64-CPU guest under emulation finishes in minutes.  Every block has a
# unit per possible CPU, so what is held scales with the 64; online CPUs
# only add contention, which under TCG on 2 host cores stalls: with 48
# online, upstream's atomic burst case (1 ms hrtimers on every online CPU
# allocating under pcpu_lock) made no progress in 10 minutes.  Percpu (/proc/meminfo's
# figure, pcpu_nr_pages()) is read by the benchmark after boot, at each
# case's peak and once the allocator's background work has settled.
# Writes bench/scale.md.
. "$(dirname "$0")/lib.sh"

SCALE_ARGS=${SCALE_ARGS:-"test_percpu_alloc.run_test_mask=23 test_percpu_alloc.nr_objs=8192 test_percpu_alloc.max_mb=2 test_percpu_alloc.churn_ops=20000 test_percpu_alloc.burst_total=1000 test_percpu_alloc.flood_total=6000 test_percpu_alloc.fork_loops=5000"}

t0=$SECONDS
BENCH_BUILD_ONLY=1 "$TOP/scripts/bench.sh"
initrd=$("$TOP/scripts/initramfs.sh" poweroff)
logs=()
for cpus in 4 64; do
	mem=2048 extra=
	[ "$cpus" = 64 ] && { mem=4096; extra=maxcpus=8; }
	for k in upstream ours; do
		log=$OUT/scale-$k-$cpus.log
		step "benchmark on $k, $cpus CPUs" boot -c "$cpus" -m "$mem" -t 5400 \
			"$OUT/bench-$k.bzImage" "$initrd" "console=ttyS0 panic=-1 $SCALE_ARGS $extra" "$log"
		grep -q 'test_percpu_alloc: done' "$log" || die "$k on $cpus CPUs did not finish, see $log"
		logs+=("$log")
	done
done

python3 - "$SCALE_ARGS" "${logs[@]}" > "$TOP/bench/scale.md" <<'PY'
import re, sys
args, logs = sys.argv[1], sys.argv[2:]
def parse(path):
    t = open(path, errors="replace").read()
    cases = [dict(re.findall(r"(\w+)=(\S+)", m[1]))
             for m in re.finditer(r"test_percpu_alloc: (case=.*)", t)]
    get = lambda name: [c for c in cases if c["case"] == name]
    seq, churn, end = get("seq"), get("churn"), get("churn_end")
    burst, flood, fork = get("atomic_burst"), get("atomic_flood"), get("fork")
    cpus = re.search(r"nr_cpu_ids:(\d+) nr_node_ids:(\d+)", t)
    online = re.search(r"smp: Brought up \d+ nodes?, (\d+) CPUs", t)
    budget = re.search(r"percpu: (budget for .*)", t)
    return {
        "machine": f"{cpus[1]} possible, {online[1]} online, {cpus[2]} nodes",
        "budget": budget[1] if budget else "-",
        "after boot": seq[0]["before_kb"],
        "seq: highest peak": max(int(c["peak_kb"]) for c in seq),
        "seq: settled after the last free": seq[-1]["settled_kb"],
        "churn: peak": churn[0]["populated_kb"],
        "churn: settled after the free": end[0]["settled_kb"],
        "atomic burst: failed / peak": f'{burst[0]["failed"]} / {burst[0]["peak_kb"]}',
        "atomic flood: failed / peak": f'{flood[0]["failed"]} / {flood[0]["peak_kb"]}',
        "fork: failed": fork[0]["failed"],
    }
runs = [parse(p) for p in logs]   # 4 upstream, 4 ours, 64 upstream, 64 ours
print("# make scale\n")
print("Percpu in kB (pcpu_nr_pages()) as the benchmark reads it, both")
print("allocators side by side, on 4 CPUs (2 nodes) and on 64 possible CPUs")
print("(8 nodes, 8 online); failed requests where noted.  Benchmark")
print(f"arguments: `{args}`.  \"Settled\": once Percpu has not moved for")
print("10 samples 20 ms apart.\n")
print("| | 4 CPUs upstream | 4 CPUs ours | ours / up | 64 CPUs upstream | 64 CPUs ours | ours / up |")
print("|---|---:|---:|---:|---:|---:|---:|")
def ratio(a, b):
    try:
        a, b = int(a), int(b)
    except ValueError:
        return "-"
    return f"{b / a:.2f}" if a else "-"
for key in runs[0]:
    u4, o4, u64, o64 = (r[key] for r in runs)
    print(f"| {key} | {u4} | {o4} | {ratio(u4, o4)} | {u64} | {o64} | {ratio(u64, o64)} |")
PY
cat "$TOP/bench/scale.md"
say "bench/scale.md written; took $((SECONDS - t0)) s"
