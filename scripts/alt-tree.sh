#!/bin/bash
# Check out a commit of build/linux in build/alt, the second worktree that
# the upstream-allocator kernels (make test, make bench) build from.  One
# fixed path, so that ccache (keyed on paths relative to the project) hits
# from one build to the next and from one clone to the next.
#
#   scripts/alt-tree.sh upstream|ours   prints the commit checked out
. "$(dirname "$0")/lib.sh"

ALT=$BUILD/alt
case ${1:-} in
upstream)
	n=$(sed -n '1{s/[^0-9].*//;p}' "$PATCHES/baseline")
	[ -n "$n" ] || die "patches/baseline must start with a patch count"
	commit=$(git -C "$KSRC" rev-list --reverse base..HEAD | sed -n "${n}p")
	[ -n "$commit" ] || die "series has fewer than $n patches"
	;;
ours)	commit=$(git -C "$KSRC" rev-parse HEAD) ;;
*)	die "usage: $0 upstream|ours" ;;
esac
if [ ! -e "$ALT/.git" ]; then
	rm -rf "$ALT"
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$ALT" "$commit"
fi
git -C "$ALT" checkout -q --detach "$commit"
echo "$commit"
