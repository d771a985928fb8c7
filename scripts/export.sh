#!/bin/bash
# Turn the commits on top of the base in build/linux back into patches/,
# keeping the cover letter's subject and text.
. "$(dirname "$0")/lib.sh"

[ -d "$KSRC/.git" ] || die "no tree: run 'make tree' first"
[ -z "$(git -C "$KSRC" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes: commit them first"
n=$(git -C "$KSRC" rev-list --count base..HEAD)
[ "$n" -gt 0 ] || die "no commits on top of base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$KSRC" format-patch -q --cover-letter --no-signature -o "$tmp" base..HEAD

# Carry the old cover letter's subject and blurb into the new one.
old=$PATCHES/0000-cover-letter.patch
if [ -f "$old" ]; then
	python3 - "$old" "$tmp/0000-cover-letter.patch" <<'PY'
import re, sys
old, new = (open(f).read() for f in sys.argv[1:])
def split(t):
    head, body = t.split('\n\n', 1)
    m = re.search(r'^\S[^\n]* \(\d+\):\n', body, re.M)
    return head, body[:m.start()], body[m.start():]
oh, ob, _ = split(old)
nh, _, nt = split(new)
subj = re.search(r'^Subject: \[PATCH[^\]]*\] (.*(?:\n .*)*)', oh, re.M).group(1)
nh = re.sub(r'^(Subject: \[PATCH[^\]]*\] ).*(?:\n .*)*', lambda m: m.group(1) + subj, nh, flags=re.M)
open(sys.argv[2], 'w').write(nh + '\n\n' + ob + nt)
PY
fi
rm -f "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch
mkdir -p "$PATCHES"
cp "$tmp"/*.patch "$PATCHES"/
echo "$(series_hash) $(git -C "$KSRC" rev-parse HEAD)" > "$STAMP"
say "exported $n patches to patches/"
