#!/bin/bash
# make check: what a reviewer would run before the series is posted.
#  1. checkpatch.pl --strict on every patch of patches/;
#  2. get_maintainer.pl names the PER-CPU MEMORY ALLOCATOR entry for every
#     patch;
#  3. every prefix of the series (base + patches 1..k, k = 0..N) builds:
#     kernel and modules, mm/tests/.kunitconfig + harness.config +
#     configs/check.config, in build/alt into build/out/check;
#  4. at every prefix, the C files its patch touches build with W=1 and
#     sparse (C=2) with no warning that the base's version of the file
#     did not already have (same file and message, line numbers ignored);
#     a patch touching a header or percpu-vm.c / percpu-km.c (#included
#     by percpu.c) rebuilds every object of the series, and warnings are
#     counted in the file they are in, headers included;
#  4b. the same for the !SMP kernel's percpu objects (percpu-km.c), at
#     the base and at the series' end;
#  4c. the series' end builds without KUnit (configs/bench.config);
#  5. scripts/kernel-doc -none -Wall is silent on every touched .c/.h;
#  6. README.md and the cover letter quote bench/*.md (scripts/numbers.py);
#  6b. bench/test-times.md is what scripts/times.py writes from its .json;
#  7. bench/*.svg are what scripts/charts.py draws from bench/*.md.
# Ends with "N passed, N failed" and exits non-zero on a failure.
#
#   scripts/check.sh            all of it (make check)
#   scripts/check.sh --quick    1, 2, 5, 6, 7: no kernel build (make test)
#   scripts/check.sh --builds   3, 4, 4b, 4c (make test-more)
. "$(dirname "$0")/lib.sh"

quick=1 builds=1
case ${1:-} in
--quick) builds= ;;
--builds) quick= ;;
"") ;;
*) die "usage: $0 [--quick|--builds]" ;;
esac
command -v sparse > /dev/null || die "sparse missing: make deps"
t0=$SECONDS

# 1-2. Patch by patch.
[ -z "$quick" ] || for p in $(series_patches); do
	out=$(cd "$KSRC" && ./scripts/checkpatch.pl --strict --quiet --no-summary "$p" 2>&1) && rc=0 || rc=1
	[ -z "$out" ] || rc=1
	check "checkpatch --strict $(basename "$p")" $rc
	[ -z "$out" ] || echo "$out" | sed 's/^/     /' | head -40
	(cd "$KSRC" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
		--subsystem --no-email --no-l --no-r --no-m "$p" 2>/dev/null) |
		grep -q '^PER-CPU MEMORY ALLOCATOR' && rc=0 || rc=1
	check "get_maintainer.pl names PER-CPU MEMORY ALLOCATOR for $(basename "$p")" $rc
done

# 3-4. Every prefix builds; touched files are W=1 and sparse clean.
if [ -n "$builds" ]; then
[ -e "$BUILD/alt/.git" ] || "$TOP/scripts/alt-tree.sh" ours > /dev/null
dir=$OUT/check
objdir "$BUILD/alt" "$dir"
say "configuring build/out/check"
cfg_args=()	# kunit.py config takes KUNIT_ARGS but --jobs
for a in "${KUNIT_ARGS[@]}"; do [[ $a == --jobs=* ]] || cfg_args+=("$a"); done
(cd "$KSRC" && python3 tools/testing/kunit/kunit.py config "${cfg_args[@]}" \
	--kunitconfig="$TOP/configs/check.config" --build_dir="$dir") > "$dir.log" 2>&1 ||
	{ tail -20 "$dir.log"; die "kunit.py config failed"; }
cp "$dir/.config" "$dir.config"
mk() { make -C "$BUILD/alt" O="$dir" ARCH=x86_64 CC="$MAKE_CC" -j"$JOBS" "$@"; }
# "file: message" of each warning in FILES, line and column numbers dropped
warnings() {	# LOG FILE...
	local log=$1; shift
	for f in "$@"; do
		grep -E "^([^ :]*/)?$f:[0-9]+(:[0-9]+)?: (warning|error):" "$log" |
			sed -E "s|^([^ :]*/)?($f):[0-9]+(:[0-9]+)?: |\2: |" || true
	done | sort -u
}
: > "$dir.base-warnings"
commits=(base $(git -C "$KSRC" rev-list --reverse base..HEAD))
# .c and .h files the series touches.  percpu-vm.c and percpu-km.c are
# #included by percpu.c, and headers by several files: a patch that
# touches one of those rebuilds every object of the series, and their
# warnings count with the file they are in.
touched_all=$(git -C "$KSRC" diff --name-only base..HEAD -- '*.c' '*.h' | grep -v '^tools/' || true)
objects_of() {	# FILE...: the objects to rebuild for these files
	local f all=0
	for f in "$@"; do
		case $f in
		*.h|mm/percpu-vm.c|mm/percpu-km.c) all=1 ;;
		esac
	done
	for f in $([ $all = 1 ] && echo "$touched_all" || echo "$@"); do
		case $f in
		*.h|mm/percpu-vm.c|mm/percpu-km.c) continue ;;
		esac
		[ -f "$BUILD/alt/$f" ] && [ -f "$dir/${f%.c}.o" ] && echo "${f%.c}.o"
	done | sort -u
}
build() {	# build K: the checked-out prefix K into $dir, log $dir.K.log
	cp "$dir.config" "$dir/.config"
	mk olddefconfig > "$dir.$1.log" 2>&1
	mk >> "$dir.$1.log" 2>&1
}
for k in "${!commits[@]}"; do
	c=${commits[$k]}
	git -C "$BUILD/alt" checkout -q --detach "$c" 2>/dev/null ||
		"$TOP/scripts/alt-tree.sh" ours > /dev/null
	git -C "$BUILD/alt" checkout -q --detach "$c"
	name="prefix $k ($(git -C "$KSRC" log --format=%s -1 "$c" | cut -c1-50))"
	step "building prefix $k in build/out/check" build "$k" && rc=0 || rc=1
	check "$name builds" $rc
	[ $rc = 0 ] || { grep -E 'error|Error' "$dir.$k.log" | head -10 | sed 's/^/     /'; continue; }
	if [ "$k" = 0 ]; then
		files=$touched_all
	else
		files=$(git -C "$KSRC" diff --name-only "$c^" "$c" -- '*.c' '*.h' | grep -v '^tools/' || true)
	fi
	# shellcheck disable=SC2086
	mapfile -t objs < <(objects_of $files)
	[ ${#objs[@]} -gt 0 ] || continue
	# W=1 and C=2 (sparse on the named objects, rebuilt or not)
	mk W=1 C=2 "${objs[@]}" > "$dir.$k.w1.log" 2>&1 || true
	if [ "$k" = 0 ]; then
		warnings "$dir.0.w1.log" $files > "$dir.base-warnings"
		echo "base: $(wc -l < "$dir.base-warnings") W=1/sparse warnings in files the series touches"
		continue
	fi
	# shellcheck disable=SC2086
	new=$(warnings "$dir.$k.w1.log" $touched_all | comm -23 - "$dir.base-warnings")
	check "$name: W=1 + sparse, no new warnings in ${objs[*]}" \
		"$([ -z "$new" ] && echo 0 || echo 1)"
	[ -z "$new" ] || echo "$new" | head -20 | sed 's/^/     /'
done

# 4b. percpu-km.c is built only without SMP: W=1 + sparse on the !SMP
#     kernel's percpu objects (allnoconfig + configs/up.config), at the
#     base and at the series' end, no new warning in the series' files.
updir=$OUT/check-up
objdir "$BUILD/alt" "$updir"
for c in base HEAD; do
	git -C "$BUILD/alt" checkout -q --detach "$(git -C "$KSRC" rev-parse "$c")"
	make -s -C "$BUILD/alt" O="$updir" ARCH=x86_64 CC="$MAKE_CC" \
		KCONFIG_ALLCONFIG="$TOP/configs/up.config" allnoconfig > "$updir.$c.log" 2>&1
	grep -q '^CONFIG_NEED_PER_CPU_KM=y' "$updir/.config" || die "!SMP config does not use percpu-km"
	up_objs=(mm/percpu.o)
	[ -f "$BUILD/alt/mm/percpu-map.c" ] && up_objs+=(mm/percpu-map.o)
	make -C "$BUILD/alt" O="$updir" ARCH=x86_64 CC="$MAKE_CC" -j"$JOBS" \
		W=1 C=2 "${up_objs[@]}" >> "$updir.$c.log" 2>&1 && rc=0 || rc=1
	# shellcheck disable=SC2086
	warnings "$updir.$c.log" $touched_all > "$updir.$c.warnings"
	[ "$c" = base ] && continue
	check "!SMP (percpu-km): ${up_objs[*]} build" $rc
	new=$(comm -23 "$updir.HEAD.warnings" "$updir.base.warnings")
	check "!SMP (percpu-km): W=1 + sparse, no new warnings in ${up_objs[*]} (percpu-km.c included)" \
		"$([ -z "$new" ] && echo 0 || echo 1)"
	[ -z "$new" ] || echo "$new" | head -20 | sed 's/^/     /'
done

# 4c. The series' end without any test option (configs/bench.config on
#     allnoconfig: no KUnit, so the internals suite's hooks are compiled
#     out, as in a production kernel) builds.
git -C "$BUILD/alt" checkout -q --detach "$(git -C "$KSRC" rev-parse HEAD)"
step "building the series' end without KUnit in build/out/check-nokunit" \
	make_kernel "$BUILD/alt" "$OUT/check-nokunit" "$TOP/configs/bench.config" \
	"$OUT/check-nokunit.log" && rc=0 || rc=1
grep -q '^CONFIG_KUNIT=y' "$OUT/check-nokunit/.config" && rc=1
check "series' end builds without KUnit (test hooks compiled out)" $rc
[ $rc = 0 ] || grep -E 'error|warning' "$OUT/check-nokunit.log" | head -10 | sed 's/^/     /'

fi	# builds

[ -n "$quick" ] || { echo "make check --builds took $((SECONDS - t0)) s"; echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; exit; }

# 5. kernel-doc on every touched source file at the series' end.
for f in $(git -C "$KSRC" diff --name-only base..HEAD -- '*.c' '*.h' | grep -v '^tools/'); do
	out=$(cd "$KSRC" && scripts/kernel-doc -none -Wall "$f" 2>&1)
	check "kernel-doc -none -Wall $f" "$([ -z "$out" ] && echo 0 || echo 1)"
	[ -z "$out" ] || echo "$out" | head -10 | sed 's/^/     /'
done

# 6. The numbers in README.md and the cover letter are those of the
#    results files (scripts/numbers.py writes them; nobody types them).
out=$(python3 "$TOP/scripts/numbers.py" --check 2>&1) && rc=0 || rc=1
check "README.md and the cover letter quote bench/*.md as scripts/numbers.py writes them" $rc
[ -z "$out" ] || echo "$out" | sed 's/^/     /'

# 6b. The timing table is what scripts/times.py writes from its data.
out=$(python3 "$TOP/scripts/times.py" write --check 2>&1) && rc=0 || rc=1
check "bench/test-times.md is what scripts/times.py writes from bench/test-times.json" $rc
[ -z "$out" ] || echo "$out" | sed 's/^/     /'

# 7. The charts are what scripts/charts.py draws from the results files.
out=$(python3 "$TOP/scripts/charts.py" --check 2>&1) && rc=0 || rc=1
check "bench/ratio.svg and bench/stress.svg are what scripts/charts.py draws from bench/*.md" $rc
[ -z "$out" ] || echo "$out" | sed 's/^/     /'

echo "make check took $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
