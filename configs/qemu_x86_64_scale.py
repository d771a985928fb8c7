# SPDX-License-Identifier: GPL-2.0
#
# The big machine of `make scale`: x86_64, 64 possible CPUs in 8 sockets
# of 8, one NUMA node per socket (CPUs 8n..8n+7 on node n).  Booted with
# maxcpus=8 (scripts/scale.sh says why), so that 56 possible CPUs stay
# offline: every block still has a unit for each of the 64.  Only topology() is used (boot -c 64 in
# scripts/lib.sh); the harness boots it outside kunit.py.

def topology(memory_mb):
	"""QEMU arguments for 64 CPUs on 8 nodes, memory_mb / 8 each."""
	per = memory_mb // 8
	args = ['-smp', '64,sockets=8,cores=8,threads=1']
	for n in range(8):
		args += ['-object', f'memory-backend-ram,id=m{n},size={per}M',
			 '-numa', f'node,nodeid={n},cpus={8 * n}-{8 * n + 7},memdev=m{n}']
	return args
