#!/bin/bash
# make arches: the percpu suites on the other shapes of machine, with
# kunit.py run in QEMU (TCG):
#   - arm64 with 64 KiB pages (cross-built with gcc-aarch64-linux-gnu),
#     QEMU virt, 4 CPUs on 2 NUMA nodes;
#   - i386 with HIGHMEM, 4 CPUs, where vmalloc space is about 120 MiB: the
#     internals suite's vmalloc_full case fills it and must report NULL;
#   - x86_64 with 64 possible CPUs (4 online) on 2 nodes, the series'
#     kernel only (make scale compares the allocators there): blocks of
#     64 units, and one spare block, where spare_churn checks that an
#     object in and out of the last empty block creates no block each time.
# (x86_64 booted with percpu_alloc=page is make test's step 2b.)
#
#   scripts/arches.sh          the series' kernels, then the upstream
#                              allocator's (contract suite only), and
#                              bench/arches.md from their logs
#   scripts/arches.sh --ours [ARCH...]   the series' kernels only, on
#                              these machines (arm64 i386 x86_64-64cpus;
#                              default all three): make test-more
#
# Each run's verdict is scripts/ktap.py's (every case counted, plans and
# suites checked); the skips expected on each machine are named below.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

pass=0 fail=0 ours_only=
[ "${1:-}" = --ours ] && { ours_only=1; shift; }
ARCHES=("$@")
[ ${#ARCHES[@]} -gt 0 ] || ARCHES=(arm64 i386 x86_64-64cpus)

# Skips expected per machine: arm64 populates no page for atomic requests
# (that needs x86's page tables prepared at block creation); x86_32's first
# chunk has no reserved region (PERCPU_FIRST_CHUNK_RESERVE is 0).
declare -A SKIPS=(
	[arm64]="percpu_map.pcpu_map_test_fail_atomic percpu_map.pcpu_map_test_unit_mappings_atomic"
	[i386]="percpu.pcpu_test_reserved_exhausted"
	[x86_64-64cpus]=""
)

# run ARCH WHICH: build and boot; results in $OUT/arches-ARCH-WHICH.*
run() {
	local arch=$1 which=$2 name=arches-$1-$2 src=$KSRC extra=() rc
	if [ "$which" = upstream ]; then
		"$TOP/scripts/alt-tree.sh" upstream > /dev/null
		src=$BUILD/alt
	else
		extra=(--kunitconfig="$TOP/configs/internals.config")
	fi
	KUNIT_ARCH=$arch KUNIT_NAME=$name KUNIT_SRC=$src KUNIT_SKIP_OK="${SKIPS[$arch]}" \
		"$TOP/scripts/kunit.sh" "$OUT/$name" "${extra[@]}" > "$OUT/$name.log" 2>&1 &&
		rc=0 || rc=1
	local log=$OUT/$name/test.log kpass=0 kfail=0 kskip=0 problems=x splats
	[ -f "$OUT/$name.result" ] && read -r kpass kfail kskip problems < "$OUT/$name.result"
	pass=$((pass + kpass)); fail=$((fail + kfail))
	[ -f "$OUT/$name.ktap" ] && sed -E "/^ /!s/^/$arch $which: /" "$OUT/$name.ktap" ||
		tail -5 "$OUT/$name.log"
	check "$arch $which: kunit.sh exited 0 (kunit.py run, verdict)" "$rc"
	check "$arch $which: KUnit run complete (plans, declared suites, no kunit.py error)" \
		"$([ "$problems" = 0 ] && echo 0 || echo 1)" "($problems problems, $kskip skipped)"
	local cpus=4 nodes=1
	case $arch in arm64) nodes=2 ;; x86_64-64cpus) cpus=64 ;; esac
	check "$arch $which: $cpus possible CPUs on $nodes node(s)" \
		"$(grep -qE "numa_placement: $cpus possible cpus on $nodes nodes" \
			"$log" 2>/dev/null && echo 0 || echo 1)"
	splats=$(splat_count "$log")
	check "$arch $which: boot log free of splats" "$([ "$splats" = 0 ] && echo 0 || echo 1)" \
		"(${splats:-?} lines)"
	case $arch in
	arm64)	check "$arch $which: 64 KiB pages" \
			"$(grep -q '^CONFIG_ARM64_64K_PAGES=y' "$OUT/$name/.config" && echo 0 || echo 1)" ;;
	i386)	check "$arch $which: HIGHMEM, highmem in use" \
			"$(grep -q '^CONFIG_HIGHMEM=y' "$OUT/$name/.config" &&
			   grep -qE 'Memory: .* [1-9][0-9]*K highmem' "$log" && echo 0 || echo 1)"
		if [ "$which" = ours ]; then
			check "$arch $which: vmalloc space ran out, the request got NULL" \
				"$(grep -qE 'vmalloc_full: vmalloc space [0-9]+ MiB: [0-9]+ blocks, [0-9]+ objects of [0-9]+ KiB, then NULL' \
					"$log" && echo 0 || echo 1)"
		fi ;;
	x86_64-64cpus)
		check "$arch $which: one spare block, the object in and out of it made no block each time" \
			"$(grep -qE 'budget for 64 units: .*, 1 spare blocks' "$log" &&
			   grep -qE 'spare_churn: 1 spare blocks, 2 kept: [0-9]+ objects to take the last empty block, [01] blocks created in 10 rounds' \
				"$log" && echo 0 || echo 1)" ;;
	esac
}

t0=$SECONDS
for arch in "${ARCHES[@]}"; do
	run "$arch" ours
	[ -n "$ours_only" ] || [ "$arch" = x86_64-64cpus ] || run "$arch" upstream
done

# bench/arches.md: what the guests printed, side by side.
if [ -z "$ours_only" ]; then
	python3 - "$OUT" > "$TOP/bench/arches.md" <<'PY'
import re, sys
out = sys.argv[1]
def log(arch, which):
    return open(f"{out}/arches-{arch}-{which}/test.log", errors="replace").read()
def find(pat, text, default="-"):
    m = re.search(pat, text)
    return m if m else None
print("# make arches\n")
print("Both allocators on the other machines `make arches` boots (QEMU TCG,")
print("kunit.py run, 1 GiB): the first chunk as the boot reports it, and the")
print("contract suite's accounting case (Percpu in /proc/meminfo after a burst")
print("of 96 PCPU_MIN_UNIT_SIZE objects was freed and reclaimed: settled, at the")
print("peak of a second burst, after its free).\n")
print("| machine | allocator | first chunk | KUnit | Percpu settled kB | peak kB | after kB |")
print("|---|---|---|---|---:|---:|---:|")
names = {"arm64": "arm64, 64K pages, 4 CPUs, 2 nodes", "i386": "i386, HIGHMEM, 4 CPUs"}
for arch in ("arm64", "i386"):
    for which in ("upstream", "ours"):
        t = log(arch, which)
        fc = re.search(r"percpu: Embedded (\d+) pages/cpu s(\d+) r(\d+) d(\d+) u(\d+)", t)
        fc = (f"{fc[1]} pages/cpu, static {fc[2]}, reserved {fc[3]}, dynamic {fc[4]}"
              if fc else "-")
        k = open(f"{out}/arches-{arch}-{which}.ktap").read()
        k = re.search(r"^KUnit: (\d+) passed, (\d+) failed, (\d+) skipped", k, re.M)
        acct = re.search(r"Percpu: (\d+) kB settled, (\d+) kB peak, (\d+) kB after", t)
        print(f"| {names[arch]} | {which} | {fc} | "
              f"{k[1]} passed, {k[2]} failed, {k[3]} skipped | "
              + (" | ".join(acct.groups()) if acct else "- | - | -") + " |")
t = log("i386", "ours")
m = re.search(r"vmalloc_full: vmalloc space (\d+) MiB: (\d+) blocks, (\d+) objects of (\d+) KiB", t)
print("\n## i386: vmalloc space runs out\n")
print("| vmalloc space MiB | blocks | objects | object KiB | then |")
print("|---:|---:|---:|---:|---|")
print(f"| {m[1]} | {m[2]} | {m[3]} | {m[4]} | NULL, no warning, state consistent |" if m
      else "| - | - | - | - | case did not report |")
PY
	echo "bench/arches.md written"
fi
echo "make arches took $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
