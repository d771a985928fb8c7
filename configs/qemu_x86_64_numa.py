# SPDX-License-Identifier: GPL-2.0
#
# The machine of every QEMU boot of the harness, in kunit.py's qemu_config
# format (tools/testing/kunit/qemu_configs/x86_64.py plus the topology):
# x86_64, 4 CPUs in 2 sockets, one NUMA node per socket, CPUs 0-1 on node
# 0 and 2-3 on node 1; -numa reaches the guest through ACPI SRAT.
#
#   kunit.py run --qemu_config=configs/qemu_x86_64_numa.py ...
#
# kunit.py boots with -m 1024.  The harness's own boots (boot in
# scripts/lib.sh: make run, the debug and stress boots, make bench and
# make profile with more memory) take topology(MB) for their memory.

from ..qemu_config import QemuArchParams


def topology(memory_mb):
	"""QEMU arguments for the CPUs and the two nodes, half of memory_mb each."""
	half = memory_mb // 2
	size = f'{half // 1024}G' if half % 1024 == 0 else f'{half}M'
	return ['-smp', '4,sockets=2,cores=2,threads=1',
		'-object', f'memory-backend-ram,id=m0,size={size}',
		'-object', f'memory-backend-ram,id=m1,size={size}',
		'-numa', 'node,nodeid=0,cpus=0-1,memdev=m0',
		'-numa', 'node,nodeid=1,cpus=2-3,memdev=m1']


QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0',
			   # qboot, as kunit.py's x86_64 config: faster than
			   # SeaBIOS.  kunit.py runs only; boot in lib.sh keeps
			   # QEMU's default firmware.
			   extra_qemu_params=['-bios', 'qboot.rom'] + topology(1024))
