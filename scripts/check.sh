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
#  5. scripts/kernel-doc -none -Wall is silent on every touched .c/.h.
# Ends with "N passed, N failed" and exits non-zero on a failure.
. "$(dirname "$0")/lib.sh"

command -v sparse > /dev/null || die "sparse missing: make deps"
t0=$SECONDS

# 1-2. Patch by patch.
for p in $(series_patches); do
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
dir=$OUT/check
mkdir -p "$dir"
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
touched_all=$(git -C "$KSRC" diff --name-only base..HEAD -- '*.c' | grep -v '^tools/' || true)
for k in "${!commits[@]}"; do
	c=${commits[$k]}
	git -C "$BUILD/alt" checkout -q --detach "$c" 2>/dev/null ||
		"$TOP/scripts/alt-tree.sh" ours > /dev/null
	git -C "$BUILD/alt" checkout -q --detach "$c"
	name="prefix $k ($(git -C "$KSRC" log --format=%s -1 "$c" | cut -c1-50))"
	cp "$dir.config" "$dir/.config"
	mk olddefconfig > "$dir.$k.log" 2>&1
	mk >> "$dir.$k.log" 2>&1 && rc=0 || rc=1
	check "$name builds" $rc
	[ $rc = 0 ] || { grep -E 'error|Error' "$dir.$k.log" | head -10 | sed 's/^/     /'; continue; }
	if [ "$k" = 0 ]; then
		files=$touched_all
	else
		files=$(git -C "$KSRC" diff --name-only "$c^" "$c" -- '*.c' | grep -v '^tools/' || true)
	fi
	objs=()
	for f in $files; do
		[ -f "$BUILD/alt/$f" ] && [ -f "$dir/${f%.c}.o" ] && objs+=("${f%.c}.o")
	done
	[ ${#objs[@]} -gt 0 ] || continue
	# W=1 and C=2 (sparse on the named objects, rebuilt or not)
	mk W=1 C=2 "${objs[@]}" > "$dir.$k.w1.log" 2>&1 || true
	if [ "$k" = 0 ]; then
		warnings "$dir.0.w1.log" $files > "$dir.base-warnings"
		echo "base: $(wc -l < "$dir.base-warnings") W=1/sparse warnings in files the series touches"
		continue
	fi
	new=$(warnings "$dir.$k.w1.log" "${objs[@]/%.o/.c}" | comm -23 - "$dir.base-warnings")
	check "$name: W=1 + sparse, no new warnings in ${objs[*]}" \
		"$([ -z "$new" ] && echo 0 || echo 1)"
	[ -z "$new" ] || echo "$new" | head -20 | sed 's/^/     /'
done

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

echo "make check took $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
