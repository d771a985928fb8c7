#!/bin/bash
# Make build/linux: the 6.12 source as a git repo with one base commit and
# patches/ applied on top as commits.  Incremental: the source is unpacked
# once, and the series is re-applied only when patches/ changed.
#
#   FORCE=1 scripts/tree.sh   re-apply patches/ even over unexported commits
. "$(dirname "$0")/lib.sh"

make_base() {
	local tmp=$BUILD/unpack.$$ pkg
	[ -r "$SRC_TARBALL" ] || die "$SRC_TARBALL missing (apt-get install linux-source-6.12)"
	pkg=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown)
	[ "$pkg" = "$BASE_PKG" ] ||
		die "linux-source-6.12 is $pkg, the series is pinned to $BASE_PKG (BASE_PKG in scripts/lib.sh): run make deps"
	say "unpacking $SRC_TARBALL"
	rm -rf "$tmp" && mkdir -p "$tmp"
	tar -C "$tmp" -xf "$SRC_TARBALL"
	mv "$tmp"/linux-source-6.12 "$KSRC" && rmdir "$tmp"
	# Debian's .gitignore ignores everything at the top level ("/*") and
	# lacks upstream's list of dot-files that belong to the tree
	# (.kunitconfig among them): restore upstream's rules.
	python3 - "$KSRC/.gitignore" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.find('#\n# Debian packaging')
if i >= 0:
    s = s[:i].rstrip('\n') + '\n'
s += """
# We don't want to ignore the following even if they are dot-files
#
!.clang-format
!.clippy.toml
!.cocciconfig
!.editorconfig
!.get_maintainer.ignore
!.gitattributes
!.gitignore
!.kunitconfig
!.mailmap
!.rustfmt.toml
"""
open(p, 'w').write(s)
PY
	local ver
	ver=$(kernel_version)
	git -C "$KSRC" init -q -b series
	git -C "$KSRC" config user.name "Percpu Dev"
	git -C "$KSRC" config user.email "percpu-dev@example.org"
	git -C "$KSRC" config core.abbrev 12
	# -f: the unpacked tarball holds only source, dot-files included.
	git -C "$KSRC" add -A -f .
	git -C "$KSRC" commit -q -m "Linux $ver (Debian linux-source-6.12 $pkg)" \
		-m "Debian's .gitignore is given upstream's rules back (no top-level '/*', dot-files such as .kunitconfig tracked)."
	git -C "$KSRC" tag -f base >/dev/null
	say "base: $(git -C "$KSRC" log --oneline -1 base)"
}

apply_series() {
	local p
	git -C "$KSRC" am --abort >/dev/null 2>&1 || true
	git -C "$KSRC" reset -q --hard base
	git -C "$KSRC" clean -qfd
	for p in $(series_patches); do
		if ! git -C "$KSRC" am -q --whitespace=nowarn "$p" >/dev/null 2>&1; then
			git -C "$KSRC" am --abort >/dev/null 2>&1 || true
			die "patch does not apply: $(basename "$p")"
		fi
	done
	echo "$(series_hash) $(git -C "$KSRC" rev-parse HEAD)" > "$STAMP"
	say "applied $(series_patches | wc -l) patches: HEAD $(git -C "$KSRC" log --oneline -1)"
}

mkdir -p "$BUILD" "$OUT"
[ -d "$KSRC/.git" ] || { rm -rf "$KSRC" "$STAMP"; make_base; }
git -C "$KSRC" log -1 --format=%s base | grep -qF "linux-source-6.12 $BASE_PKG)" ||
	die "build/linux was made from another base ($(git -C "$KSRC" log -1 --format=%s base)), not linux-source-6.12 $BASE_PKG: remove build/ and run make tree"

if [ ! -f "$STAMP" ]; then
	apply_series
	exit 0
fi
read -r hash head < "$STAMP"
[ "$hash" = "$(series_hash)" ] && exit 0	# tree is current (or being hacked on)
if [ "$(git -C "$KSRC" rev-parse HEAD)" = "$head" ] || [ "${FORCE:-0}" = 1 ]; then
	apply_series
else
	die "patches/ changed and build/linux has commits not exported: run 'make export', or 'make tree FORCE=1' to drop them"
fi
