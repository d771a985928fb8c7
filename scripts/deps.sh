#!/bin/bash
# Install what the harness needs from Debian's archive, once.
. "$(dirname "$0")/lib.sh"

PKGS=(qemu-system-x86 linux-source-6.12 ccache busybox-static python3
	python3-ply python3-git
	gcc make flex bison bc libelf-dev libssl-dev cpio kmod perl git
	xz-utils rsync dwarves)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

say "installing: ${missing[*]}"
[ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
