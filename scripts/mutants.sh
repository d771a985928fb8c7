#!/bin/bash
# The mutation gate of the userspace tests of mm/percpu-map.c: proof that
# tools/testing/percpu's tests bite.  Each mutant of mutants/percpu-map.txt
# (one planted bug: a find/replace in mm/percpu-map.c or .h) is applied,
# one at a time, to a scratch copy of the map and its tests in
# build/out/mutants/tree (never to build/linux), and must be killed:
#
#   1. map_test, one test at a time (the quick ones first; the slow ones,
#      random_churn, only if no quick one failed): a test that fails,
#      crashes (ASan, UBSan) or hangs kills the mutant;
#   2. if every test passed: map_fuzz for MUTANT_FUZZ_TIME seconds
#      (default 20), then map_fuzz8 (256-byte pages, if the Makefile has
#      it) for half that, from the seed corpus fuzz/seeds (if there is
#      one) and an empty scratch corpus: a disagreement with the model or
#      a crash kills it, if the unmutated map passes the same input.
#
# A mutant whose text is not found exactly once (stale: the code changed)
# or that does not compile is an error of the mutant set and fails the
# gate like a survivor.  First the unmutated copy must build, pass every
# test and survive the same fuzz run, or no kill would mean anything.
#
#   scripts/mutants.sh          every mutant: bench/mutants.md, last line
#                               "N passed, N failed" (a killed mutant
#                               passes); exits 1 if any survived or is
#                               stale or broken
#   scripts/mutants.sh --list   the mutants: id, file:line, what
#   scripts/mutants.sh --check  in seconds: every mutant's text found once,
#                               and the mutated percpu-map.c compiles
#   scripts/mutants.sh ID...    only these, for debugging (no baseline
#                               fuzz run, bench/mutants.md untouched);
#                               logs and the mutated files in
#                               build/out/mutants/ID/
#
# MUTANT_FUZZ_TIME=s: fuzzing per mutant the tests miss; FUZZ_ALL=1: fuzz every
# mutant, also those a test killed (slower, says what the fuzzer finds);
# FUZZ_INPUT_TIMEOUT=s (default 20): an input that runs longer is a hang;
# MUTANTS_REV=REV: the map and its tests as of commit REV of build/linux,
# not as they are in the working tree (--list reads the working tree).
. "$(dirname "$0")/lib.sh"

SET=$TOP/mutants/percpu-map.txt
W=$OUT/mutants
TREE=$W/tree				# scratch mirror: SRCDIR=../../.. holds
PT=$TREE/tools/testing/percpu
ORIG=$W/orig				# the unmutated files
SEEDS=$TOP/fuzz/seeds
REPORT=$TOP/bench/mutants.md
MUTANT_FUZZ_TIME=${MUTANT_FUZZ_TIME:-20}
FUZZ_ALL=${FUZZ_ALL:-0}
FUZZ_INPUT_TIMEOUT=${FUZZ_INPUT_TIMEOUT:-20}	# s per input: longer is a hang

# mut COMMAND ...: the mutant set, read by scripts/mutset.py (exact,
# literal matching): ids [ID...]; list ROOT; apply ID SRC DST (see there).
mut() {
	python3 "$TOP/scripts/mutset.py" "$SET" "$@"
}

# field ID NAME: a mutant's file or what, from `mut list`.
field() {
	awk -F'\t' -v id="$1" -v k="$2" '$1 == id { print (k == "file" ? $2 : $4) }' "$W/list"
}

# The scratch mirror of what tools/testing/percpu's Makefile reads from
# the kernel tree: the map copied (mutants change it), tools/testing/percpu
# copied (its binaries are built there), tools/{include,arch,lib} linked.
# From build/linux as it is, or from commit MUTANTS_REV of it.
make_tree() {
	local f
	rm -rf "$TREE" "$ORIG"
	mkdir -p "$TREE/mm" "$TREE/tools/testing" "$ORIG/mm"
	if [ -n "${MUTANTS_REV:-}" ]; then
		for f in mm/percpu-map.c mm/percpu-map.h; do
			git -C "$KSRC" show "$MUTANTS_REV:$f" > "$ORIG/$f"
		done
		git -C "$KSRC" ls-tree -r --name-only "$MUTANTS_REV" tools/testing/percpu
	else
		cp "$KSRC/mm/percpu-map.c" "$KSRC/mm/percpu-map.h" "$ORIG/mm/"
		# committed and new files, not the binaries, corpus or crashes
		(cd "$KSRC" && git ls-files --cached --others --exclude-standard tools/testing/percpu)
	fi > "$W/files"
	cp "$ORIG"/mm/* "$TREE/mm/"
	while read -r f; do
		mkdir -p "$TREE/$(dirname "$f")"
		if [ -n "${MUTANTS_REV:-}" ]; then
			git -C "$KSRC" show "$MUTANTS_REV:$f" > "$TREE/$f"
		elif [ -e "$KSRC/$f" ]; then
			cp "$KSRC/$f" "$TREE/$f"
		fi
	done < "$W/files"
	for f in include arch lib; do
		ln -s "$KSRC/tools/$f" "$TREE/tools/$f"
	done
}

# build LOG TARGET...: build the targets from the mirror as it is.
build() {
	local log=$1 t
	shift
	for t in "$@"; do rm -f "$PT/$t"; done
	make -s -C "$PT" -j2 "$@" > "$log" 2>&1 || return 1
	for t in "$@"; do [ -x "$PT/$t" ] || return 1; done
}

# why LOG: the first line of LOG that says what went wrong, shortened.
why() {
	grep -m1 -E 'expected |map_test\.c:[0-9]+:|step -?[0-9]+|ERROR: |runtime error:|SUMMARY: ' "$1" |
		sed -E 's/^ +//; s/^[^ ]*map_test\.c:/map_test.c:/' | cut -c1-110 || true
}

# unit DIR TEST...: run each test alone; "name: why" of each that fails
# goes to DIR/killers.  Return: 0 if one failed.
unit() {
	local dir=$1 t rc limit any=1
	shift
	for t in "$@"; do
		limit=${tlimit[$t]:-60}
		rc=0
		timeout "$limit" "$PT/map_test" "$t" > "$dir/unit-$t.log" 2>&1 || rc=$?
		[ "$rc" = 0 ] && grep -qE "^ok +$t\$" "$dir/unit-$t.log" && continue
		any=0
		if [ "$rc" = 124 ]; then
			echo "$t: hung (over $limit s)"
		else
			echo "$t: $(why "$dir/unit-$t.log")"
		fi >> "$dir/killers"
	done
	return $any
}

# fuzz DIR: each fuzz target (map_fuzz for MUTANT_FUZZ_TIME s, then
# map_fuzz8, 256-byte pages, for half that if the Makefile has it) from
# the seeds and an empty corpus, until one fails; artifacts (crash-*,
# timeout-*) into DIR.  A failing input counts only if the unmutated map
# passes it (the baseline's binaries, kept in $W/base): a slow input under
# load, or a bug of the map or the model themselves, is not a kill.
# Return: 0 if it found a failure, with "TARGET after N s: why" (or
# "inconclusive: ...") in DIR/fuzz-killer; the inputs run in DIR/fuzz-runs.
fuzz() {
	local dir=$1 t0 rc secs seeds=() art f
	[ -d "$SEEDS" ] && seeds=("$SEEDS")
	: > "$dir/fuzz-runs"
	for f in "${fuzzers[@]}"; do
		secs=$MUTANT_FUZZ_TIME
		[ "$f" = map_fuzz ] || secs=$(((MUTANT_FUZZ_TIME + 1) / 2))
		rm -rf "$dir/corpus-$f" && mkdir -p "$dir/corpus-$f"
		t0=$SECONDS rc=0
		(cd "$dir" && timeout $((secs + 120)) "$PT/$f" -seed=1 -max_len=4096 \
			-timeout="$FUZZ_INPUT_TIMEOUT" -rss_limit_mb=2048 -max_total_time="$secs" \
			-print_final_stats=1 -artifact_prefix="$dir/" "corpus-$f" "${seeds[@]}") \
			> "$dir/$f.log" 2>&1 || rc=$?
		echo "$f $(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$f.log")" >> "$dir/fuzz-runs"
		[ "$rc" != 0 ] && break
	done
	[ "$rc" != 0 ] || return 1
	echo "$f after $((SECONDS - t0)) s: $(why "$dir/$f.log")" > "$dir/fuzz-killer"
	art=$(ls -t "$dir"/crash-* "$dir"/timeout-* "$dir"/oom-* "$dir"/leak-* 2>/dev/null | head -1 || true)
	[ -x "$W/base/$f" ] || return 0		# the baseline itself
	if [ -z "$art" ]; then
		echo "inconclusive: $f failed (rc $rc) without an input: $(why "$dir/$f.log")" > "$dir/fuzz-killer"
	elif ! (cd "$dir" && timeout $((FUZZ_INPUT_TIMEOUT * 3)) "$W/base/$f" \
		-timeout=$((FUZZ_INPUT_TIMEOUT * 2)) -rss_limit_mb=2048 "$art") > "$dir/$f-base.log" 2>&1; then
		echo "inconclusive: the unmutated map fails $(basename "$art") too ($f): $(why "$dir/$f-base.log")" > "$dir/fuzz-killer"
	fi
}

# fuzz_desc: what fuzz() runs, in words.
fuzz_desc() {
	local f d=""
	for f in "${fuzzers[@]}"; do
		d="$d${d:+, then }$f for $([ "$f" = map_fuzz ] && echo "$MUTANT_FUZZ_TIME" || echo $(((MUTANT_FUZZ_TIME + 1) / 2))) s"
	done
	echo "$d"
}

# fuzz_runs DIR: "N inputs of map_fuzz, N of map_fuzz8"
fuzz_runs() {
	awk '{ printf "%s%s inputs of %s", (NR > 1 ? ", " : ""), ($2 == "" ? "?" : $2), $1 }' \
		"$1/fuzz-runs" 2>/dev/null || echo "? inputs"
}

# run_mutant ID: apply, build, test; sets status and by.
run_mutant() {
	local id=$1 dir=$W/$1 line file
	file=$(field "$id" file)
	rm -rf "$dir" && mkdir -p "$dir"
	cp "$ORIG"/mm/* "$TREE/mm/"
	by="" loc="$file"
	if ! line=$(mut apply "$id" "$ORIG" "$TREE" 2>"$dir/apply.log"); then
		status=stale by="find: text ${line#stale: }$(cat "$dir/apply.log")"
		return
	fi
	loc="$file:$line"
	diff -u "$ORIG/$file" "$TREE/$file" > "$dir/mutant.diff" || true
	cp "$TREE/$file" "$dir/"
	if ! build "$dir/build.log" map_test; then
		status=broken by="does not compile: $(grep -m1 'error' "$dir/build.log" | cut -c1-100 || true)"
		return
	fi
	: > "$dir/killers"
	if unit "$dir" "${quick[@]}" || { [ ${#slow[@]} -gt 0 ] && unit "$dir" "${slow[@]}"; }; then
		status=killed
		by="map_test $(cut -d: -f1 "$dir/killers" | head -4 | paste -sd, - | sed 's/,/, /g')"
		[ "$(wc -l < "$dir/killers")" -le 4 ] || by="$by +$(($(wc -l < "$dir/killers") - 4)) more"
		by="$by ($(head -1 "$dir/killers" | cut -d: -f2- | sed 's/^ *//'))"
		if [ "$FUZZ_ALL" = 1 ]; then
			if ! build "$dir/build-fuzz.log" "${fuzzers[@]}"; then
				by="$by; fuzzers do not build"
			elif fuzz "$dir"; then
				by="$by; $(cat "$dir/fuzz-killer")"
			else
				by="$by; fuzzing missed it ($(fuzz_runs "$dir"))"
			fi
		fi
	elif ! build "$dir/build-fuzz.log" "${fuzzers[@]}"; then
		status=broken by="fuzzers do not compile: $(grep -m1 'error' "$dir/build-fuzz.log" | cut -c1-100 || true)"
	elif fuzz "$dir"; then
		status=killed by=$(cat "$dir/fuzz-killer")
		case $by in inconclusive:*) status=inconclusive ;; esac
	else
		status=survived by="nothing (every test; fuzzing: $(fuzz_runs "$dir"))"
	fi
}

# ---- the mutant set ----
mkdir -p "$W"
[ -r "$SET" ] || die "no mutant set $SET"
case ${1:-} in
--list)
	mut list "$KSRC" | awk -F'\t' '{ printf "%-26s %-22s %s\n", $1, $2 ":" $3, $4 }'
	exit 0 ;;
--check)
	shift
	check_only=1 ;;
-h|--help)
	sed -n '2,/^\. /p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 0 ;;
-*)	die "usage: $0 [--list | --check [ID...] | ID...]" ;;
esac
mut ids "$@" > "$W/ids" || die "bad mutant set $SET, or an id not in it"
mapfile -t ids < "$W/ids"
full=$([ $# = 0 ] && echo 1 || echo 0)

t_start=$SECONDS
make_tree
mut list "$ORIG" > "$W/list"

# --check: the text of each, and that percpu-map.c compiles (-Wall, as the
# Makefile builds it, syntax only)
if [ "${check_only:-0}" = 1 ]; then
	pass=0 fail=0
	for id in "${ids[@]}"; do
		dir=$W/$id
		rm -rf "$dir" && mkdir -p "$dir"
		cp "$ORIG"/mm/* "$TREE/mm/"
		if ! line=$(mut apply "$id" "$ORIG" "$TREE" 2>"$dir/apply.log"); then
			check "$id: find: text ${line#stale: }" 1
		elif ! gcc -fsyntax-only -Wall -Wno-type-limits -D_GNU_SOURCE -DPCPU_MAP_SLOT_SHIFT=6 \
			-I"$PT" -I"$TREE/tools/include" -I"$TREE/tools/arch/x86/include" \
			"$TREE/mm/percpu-map.c" > "$dir/build.log" 2>&1; then
			check "$id compiles" 1 "$(grep -m1 error "$dir/build.log")"
		else
			check "$id: $(field "$id" file):$line compiles$(grep -q warning: "$dir/build.log" && echo ' (with a warning)')" 0
		fi
	done
	cp "$ORIG"/mm/* "$TREE/mm/"
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
fi

# ---- the unmutated copy: it must build, pass and survive the fuzzer ----
say "baseline: the unmutated map in $TREE"
rm -rf "$W/base"
fuzzers=(map_fuzz)
grep -q '^map_fuzz8:' "$PT/Makefile" && fuzzers+=(map_fuzz8)
build "$W/baseline-build.log" map_test "${fuzzers[@]}" ||
	{ cat "$W/baseline-build.log"; die "the unmutated map does not build"; }
"$PT/map_test" > "$W/baseline-unit.log" 2>&1 ||
	{ cat "$W/baseline-unit.log"; die "the unmutated map fails its tests: no kill would mean anything"; }
# each test's time alone: the quick ones run first, the slow ones only if
# no quick one killed; a test may take 10 times its baseline (>= 10 s)
declare -A tlimit
quick=() slow=()
for t in $(sed -nE 's/^ok +([A-Za-z0-9_]+)$/\1/p' "$W/baseline-unit.log"); do
	t0=$(date +%s%N)
	"$PT/map_test" "$t" > /dev/null 2>&1 || die "baseline: test $t fails when run alone"
	ms=$((($(date +%s%N) - t0) / 1000000))
	tlimit[$t]=$(( ms / 100 > 10 ? ms / 100 : 10 ))
	if [ "$ms" -lt 1000 ]; then quick+=("$t"); else slow+=("$t"); fi
done
[ ${#quick[@]} -gt 0 ] || [ ${#slow[@]} -gt 0 ] || die "baseline: no tests listed in $W/baseline-unit.log"
say "baseline: $(tail -1 "$W/baseline-unit.log"); slow: ${slow[*]:-none}"
if [ "$full" = 1 ]; then
	mkdir -p "$W/baseline"
	! fuzz "$W/baseline" || die "baseline: the fuzzer fails on the unmutated map: $(cat "$W/baseline/fuzz-killer")"
	say "baseline: fuzzing found no failure ($(fuzz_runs "$W/baseline"))"
fi
mkdir -p "$W/base"
for f in "${fuzzers[@]}"; do cp "$PT/$f" "$W/base/"; done

# ---- the mutants ----
declare -A st bys locs secs
pass=0 fail=0
for id in "${ids[@]}"; do
	t0=$SECONDS
	run_mutant "$id"
	st[$id]=$status bys[$id]=$by locs[$id]=$loc secs[$id]=$((SECONDS - t0))
	if [ "$status" = killed ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	printf '%-9s %-26s %3ss  %s\n' "$status" "$id" "${secs[$id]}" "$by"
done
cp "$ORIG"/mm/* "$TREE/mm/"
total=$((SECONDS - t_start))

if [ "$full" = 1 ]; then
	seeds="none"
	[ -d "$SEEDS" ] && seeds="$(find "$SEEDS" -type f | wc -l) files in fuzz/seeds"
	{
		echo "# Mutation gate: mm/percpu-map.c against its userspace tests"
		echo
		echo "\`make mutants\` (scripts/mutants.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), kernel tree"
		if [ -n "${MUTANTS_REV:-}" ]; then
			echo "$(git -C "$KSRC" rev-parse --short=12 "$MUTANTS_REV") (MUTANTS_REV=$MUTANTS_REV)."
		else
			echo "$(git -C "$KSRC" rev-parse --short=12 HEAD)$(git -C "$KSRC" diff --quiet HEAD -- mm/percpu-map.c mm/percpu-map.h tools/testing/percpu 2>/dev/null || echo ' plus uncommitted changes to the map or its tests')."
		fi
		echo "Each mutant of mutants/percpu-map.txt, alone, on a scratch copy: map_test"
		echo "one test at a time (quick ones first; ${slow[*]:-no slow test} only if they all pass),"
		echo "then, if nothing failed, $(fuzz_desc) (seed corpus: $seeds, plus an empty one);"
		echo "a fuzzer's failing input counts if the unmutated map passes it."
		echo "A killed mutant passes; a survivor, a stale search text or a mutant"
		echo "that does not compile fails.  Baseline: the unmutated copy passes"
		echo "$(tail -1 "$W/baseline-unit.log" | cut -d, -f1) and the same fuzzing ($(fuzz_runs "$W/baseline"))."
		echo "Run time $(mmss "$total") on $(nproc) cores; logs in build/out/mutants/ID/."
		echo
		echo "| id | file | description | killed? | killed by |"
		echo "|---|---|---|---|---|"
		for id in "${ids[@]}"; do
			case ${st[$id]} in
			killed) k=yes ;; survived) k="**no**" ;; stale) k="**stale**" ;;
			inconclusive) k="**?**" ;; *) k="**broken**" ;;
			esac
			printf '| %s | %s | %s | %s | %s |\n' "$id" "${locs[$id]}" \
				"$(field "$id" what | sed 's/|/\\|/g')" "$k" "$(sed 's/|/\\|/g' <<<"${bys[$id]}")"
		done
		echo
		echo "$pass passed, $fail failed"
	} > "$REPORT"
	say "wrote $REPORT in $(mmss "$total")"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
