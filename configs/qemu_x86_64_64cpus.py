# SPDX-License-Identifier: GPL-2.0
#
# make arches' x86_64 machine with 64 possible CPUs, in kunit.py's
# qemu_config format: 64 CPUs in 2 sockets of 32, one NUMA node per
# socket, booted with maxcpus=4 (as make scale boots its machine with
# maxcpus=8: bringing many CPUs up under TCG on two host cores is slow),
# so that 60 stay offline and every block still has 64 units.  There the budget
# leaves one spare block (percpu: budget for 64 units ...), which is what
# the internals suite's spare_churn case is about.
#
#   kunit.py run --qemu_config=configs/qemu_x86_64_64cpus.py ...

from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0 maxcpus=4',
			   extra_qemu_params=['-bios', 'qboot.rom',
					      '-smp', '64,sockets=2,cores=32,threads=1',
					      '-object', 'memory-backend-ram,id=m0,size=512M',
					      '-object', 'memory-backend-ram,id=m1,size=512M',
					      '-numa', 'node,nodeid=0,cpus=0-31,memdev=m0',
					      '-numa', 'node,nodeid=1,cpus=32-63,memdev=m1'])
