#!/bin/bash
# Install what the harness needs from Debian's archive, once: kernel
# build and QEMU, checkpatch's python modules, sparse (make check), Sphinx
# (make docs), a static libc and the kernel's uapi headers (make
# stress's BPF step, scripts/bpf-pcpu.c), clang with libFuzzer and the sanitizer runtimes
# (tools/testing/percpu), the arm64 cross compiler and QEMU (make arches).
. "$(dirname "$0")/lib.sh"

PKGS=(qemu-system-x86 ccache busybox-static python3
	python3-ply python3-git
	gcc libc6-dev linux-libc-dev make flex bison bc libelf-dev libssl-dev cpio kmod perl git
	xz-utils rsync dwarves
	sparse python3-sphinx python3-sphinx-rtd-theme
	clang libclang-rt-14-dev
	gcc-aarch64-linux-gnu qemu-system-arm)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
# The kernel source at the pinned version (BASE_PKG, lib.sh), not the
# newest; needed only to make build/linux, and tree.sh checks the base of
# one that exists.  (db:Status-Status: "installed" whether held or not.)
pin=
[ -d "$KSRC/.git" ] ||
	[ "$(dpkg-query -W -f='${db:Status-Status} ${Version}' linux-source-6.12 2>/dev/null)" = \
		"installed $BASE_PKG" ] || pin=linux-source-6.12=$BASE_PKG
[ ${#missing[@]} -eq 0 ] && [ -z "$pin" ] && exit 0

say "installing: ${missing[*]} $pin"
[ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]} $pin"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
[ ${#missing[@]} -eq 0 ] || apt-get install -y -q --no-install-recommends "${missing[@]}"
[ -z "$pin" ] || apt-get install -y -q --no-install-recommends --allow-downgrades "$pin" ||
	die "cannot install $pin: if the archive no longer has it, moving the base is a change of its own (BASE_PKG in scripts/lib.sh)"
