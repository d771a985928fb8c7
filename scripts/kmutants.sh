#!/bin/bash
# make kmutants: the mutation gate of the KUnit suites on the allocator's
# core.  Each planted bug of mutants/percpu-core.txt (a find/replace in
# mm/percpu.c) is applied, one at a time, to a scratch worktree of
# build/linux at its HEAD (build/kmut; build/linux itself is never
# touched), and the kernel with both suites is built and booted once on
# make test's machine (x86_64, 4 CPUs, 2 nodes; scripts/kunit.sh).  The
# mutant is killed if the verdict fails: a failed case, a warning or
# crash the suites count, a hang (KMUTANT_TIMEOUT seconds of boot,
# default 240; an oops or a hung task panics the guest at once), or a
# run kunit.py could not complete.  A mutant whose text is not found
# exactly once, or whose kernel does not build, fails the
# gate like a survivor.  First the unmutated worktree must pass, or no
# kill would mean anything.
#
#   scripts/kmutants.sh          every mutant: bench/kmutants.md, last
#                                line "N passed, N failed" (a killed
#                                mutant passes); exits 1 if any survived
#   scripts/kmutants.sh ID...    only these (bench/kmutants.md untouched)
#   scripts/kmutants.sh --list   the mutants: id, file:line, what
#
# Logs: build/out/kmut-ID.{out,ktap}, the mutated file and its diff in
# build/out/kmutants/ID/.
. "$(dirname "$0")/lib.sh"

SET=$TOP/mutants/percpu-core.txt
FILES=--files=mm/percpu.c,mm/percpu-vm.c
WT=$BUILD/kmut
W=$OUT/kmutants
REPORT=$TOP/bench/kmutants.md
# The unmutated boot runs about a minute (both suites): a mutant's boot that
# takes over three times that is hung.  A mutant that breaks the kernel
# tends to hang it (a CPU that never answers an IPI, an RCU stall) rather
# than fail a case and go on; an oops or a hung task panics the guest at
# once.  (Not panic_on_warn: the suites provoke warnings of their own,
# bad frees.  An RCU stall can only panic through a sysctl, which is set
# after the built-in suites ran.)
KMUTANT_TIMEOUT=${KMUTANT_TIMEOUT:-240}
PANIC_ARGS=(--kernel_args=oops=panic --kernel_args=hung_task_panic=1)

mut() {
	python3 "$TOP/scripts/mutset.py" "$FILES" "$SET" "$@"
}

[ -d "$KSRC/.git" ] || die "no tree: run 'make tree' first"
case ${1:-} in
--list)
	mut list "$KSRC" | awk -F'\t' '{ printf "%-24s %-18s %s\n", $1, $2 ":" $3, $4 }'
	exit 0 ;;
-*)	die "usage: $0 [--list | ID...]" ;;
esac
mkdir -p "$W"
mut ids "$@" > "$W/ids" || die "bad mutant set $SET, or an id not in it"
mapfile -t ids < "$W/ids"
full=$([ $# = 0 ] && echo 1 || echo 0)

# the worktree, clean, at build/linux's HEAD
head=$(git -C "$KSRC" rev-parse HEAD)
if [ ! -e "$WT/.git" ]; then
	rm -rf "$WT"
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$WT" "$head" || die "cannot add the worktree $WT"
fi
git -C "$WT" checkout -q --detach "$head" && git -C "$WT" reset -q --hard "$head" ||
	die "cannot reset the worktree $WT to $head"
mut list "$WT" > "$W/list"

# boot NAME: build and boot the worktree as it is; "rc" of kunit.sh,
# and whether it booted (a test.log exists)
boot() {
	local name=$1
	KUNIT_SRC=$WT KUNIT_NAME=$name "$TOP/scripts/kunit.sh" "$OUT/kmut" \
		--timeout="$KMUTANT_TIMEOUT" "${PANIC_ARGS[@]}" > "$W/$name.log" 2>&1 && rc=0 || rc=1
	booted=$([ -s "$OUT/kmut/test.log" ] && echo 1 || echo 0)
}

# what failed, from the verdict: the first "not ok" cases or problems
killers() {
	local k=$OUT/$1.ktap
	{
		grep -E '^[^ ]+: not ok$' "$k" | sed -E 's/: not ok$//; s/^([^.]+\.[^.]+)\..*/\1/' |
			uniq | head -4
		grep -E '^problem: .*(crash|did not run|timed out)|crashed;' "$k" | head -1 |
			sed 's/^problem: //' | cut -c1-90
	} 2>/dev/null | paste -sd ';' - | sed 's/;/; /g' || true
}

t_start=$SECONDS
say "baseline: the unmutated worktree at $(git -C "$WT" log --oneline -1 | cut -c1-50)"
boot kmut-baseline
[ "$rc" = 0 ] || { tail -20 "$W/kmut-baseline.log"; die "the unmutated kernel fails its suites: no kill would mean anything"; }
say "baseline: $(kunit_summary "$OUT/kmut-baseline")"

declare -A st bys locs secs
pass=0 fail=0
for id in "${ids[@]}"; do
	t0=$SECONDS
	dir=$W/$id
	rm -rf "$dir" && mkdir -p "$dir"
	git -C "$WT" checkout -q -- mm
	file=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$W/list")
	if ! line=$(mut apply "$id" "$WT" "$WT" 2>"$dir/apply.log"); then
		status=stale by="find: text ${line#stale: }$(cat "$dir/apply.log")" loc=$file
	else
		loc=$file:$line
		git -C "$WT" diff > "$dir/mutant.diff"
		boot "kmut-$id"
		if [ "$booted" = 0 ] && grep -qE 'error:|Error [0-9]' "$OUT/kmut-$id.out" 2>/dev/null; then
			status=broken by="does not build: $(grep -m1 'error:' "$OUT/kmut-$id.out" | cut -c1-100)"
		elif [ "$rc" != 0 ]; then
			status=killed by="$(killers "kmut-$id")"
			[ -n "$by" ] || by="kunit.sh failed: $(tail -1 "$W/kmut-$id.log" | cut -c1-100)"
		else
			status=survived by="nothing ($(kunit_summary "$OUT/kmut-$id"))"
		fi
	fi
	git -C "$WT" checkout -q -- mm
	st[$id]=$status bys[$id]=$by locs[$id]=$loc secs[$id]=$((SECONDS - t0))
	if [ "$status" = killed ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	printf '%-9s %-24s %4ss  %s\n' "$status" "$id" "${secs[$id]}" "$by"
done
total=$((SECONDS - t_start))

if [ "$full" = 1 ]; then
	{
		echo "# Mutation gate: mm/percpu.c against the KUnit suites"
		echo
		echo "\`make kmutants\` (scripts/kmutants.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), kernel tree"
		echo "$(git -C "$KSRC" rev-parse --short=12 HEAD) ($(git -C "$KSRC" log -1 --format=%s | cut -c1-60))."
		echo "Each mutant of mutants/percpu-core.txt, alone, in a scratch worktree: both"
		echo "suites built and booted once on x86_64, 4 CPUs, 2 NUMA nodes (kunit.py, QEMU"
		echo "TCG, a boot timeout of $KMUTANT_TIMEOUT s); killed if the verdict (scripts/ktap.py) fails."
		echo "Baseline: the unmutated worktree, $(kunit_summary "$OUT/kmut-baseline")."
		echo "Run time $(mmss "$total") on $(nproc) cores."
		echo
		echo "| id | file | description | killed? | killed by |"
		echo "|---|---|---|---|---|"
		for id in "${ids[@]}"; do
			case ${st[$id]} in
			killed) k=yes ;; survived) k="**no**" ;; stale) k="**stale**" ;; *) k="**broken**" ;;
			esac
			printf '| %s | %s | %s | %s | %s |\n' "$id" "${locs[$id]}" \
				"$(awk -F'\t' -v id="$id" '$1 == id { print $4 }' "$W/list" | sed 's/|/\\|/g')" \
				"$k" "$(sed 's/|/\\|/g' <<<"${bys[$id]}")"
		done
		echo
		echo "$pass passed, $fail failed"
	} > "$REPORT"
	say "wrote $REPORT in $(mmss "$total")"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
