#!/bin/bash
# make docs: the mm book of the kernel documentation as HTML
# (make SPHINXDIRS=mm htmldocs, Debian's python3-sphinx and RTD theme) into
# build/out/docs; fails if Sphinx or kernel-doc warns about a file of the
# series.  The page: build/out/docs/Documentation/output/mm/percpu-alloc.html
. "$(dirname "$0")/lib.sh"

dir=$OUT/docs
log=$OUT/docs.log
mkdir -p "$dir"
htmldocs() { make -C "$KSRC" O="$dir" SPHINXDIRS=mm htmldocs > "$log" 2>&1; }
step "building the mm documentation (Sphinx) into build/out/docs" htmldocs ||
	{ tail -30 "$log"; die "htmldocs failed"; }
# Files of the series the docs build reads.  index.rst only gains a
# toctree line: its two warnings about links into other books exist
# without the series too (SPHINXDIRS=mm builds one book); a broken
# toctree entry would still show, as a warning naming percpu-alloc.
ours=$(git -C "$KSRC" diff --name-only base..HEAD -- Documentation '*.c' '*.h' |
	grep -v -e '^tools/' -e '^Documentation/mm/index.rst$' | paste -sd'|')
warn=$(grep -iE 'warning|error' "$log" | grep -E "$ours|percpu" || true)
html=$dir/Documentation/output/mm/percpu-alloc.html
echo "Sphinx: $(grep -ciE 'warning' "$log" || true) warnings in all, $(printf '%s' "$warn" | grep -c . || true) about the series' files"
[ -z "$warn" ] || echo "$warn" | head -20
[ -f "$html" ] || die "no $html"
echo "page: ${html#"$TOP"/}"
[ -z "$warn" ]
