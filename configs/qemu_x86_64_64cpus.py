# SPDX-License-Identifier: GPL-2.0
#
# make arches' x86_64 machine with 64 possible CPUs, in kunit.py's
# qemu_config format: the machine of configs/qemu_x86_64_numa.py with 64
# CPUs in 2 sockets of 32, one NUMA node per socket, booted with
# maxcpus=4 (as make scale boots its machine with maxcpus=8: bringing many
# CPUs up under TCG on two host cores is slow), so that 60 stay offline
# and every block still has 64 units.  There the budget leaves one spare
# block (percpu: budget for 64 units ...), which is what the internals
# suite's spare_churn case is about.
#
#   kunit.py run --qemu_config=configs/qemu_x86_64_64cpus.py ...

import dataclasses
import importlib.util
import os

# kunit.py loads this file by path: load the 4-CPU machine's the same way.
_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'qemu_x86_64_numa.py')
_spec = importlib.util.spec_from_file_location(__name__ + '_numa', _path)
_numa = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_numa)

QEMU_ARCH = dataclasses.replace(
	_numa.QEMU_ARCH,
	kernel_command_line='console=ttyS0 maxcpus=4',
	extra_qemu_params=['-bios', 'qboot.rom',
			   '-smp', '64,sockets=2,cores=32,threads=1',
			   '-object', 'memory-backend-ram,id=m0,size=512M',
			   '-object', 'memory-backend-ram,id=m1,size=512M',
			   '-numa', 'node,nodeid=0,cpus=0-31,memdev=m0',
			   '-numa', 'node,nodeid=1,cpus=32-63,memdev=m1'])
