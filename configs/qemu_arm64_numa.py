# SPDX-License-Identifier: GPL-2.0
#
# arm64 with 64 KiB pages for `make arches`, in kunit.py's qemu_config
# format (tools/testing/kunit/qemu_configs/arm64.py plus the topology of
# qemu_x86_64_numa.py): QEMU virt, 4 CPUs, one NUMA node per pair (CPUs
# 0-1 on node 0, 2-3 on node 1); -numa reaches the guest through the
# device tree's numa-node-id.

from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='arm64',
			   kconfig='''
CONFIG_SERIAL_AMBA_PL011=y
CONFIG_SERIAL_AMBA_PL011_CONSOLE=y''',
			   qemu_arch='aarch64',
			   kernel_path='arch/arm64/boot/Image.gz',
			   kernel_command_line='console=ttyAMA0',
			   extra_qemu_params=['-machine', 'virt', '-cpu', 'max,pauth-impdef=on',
					      '-smp', '4',
					      '-object', 'memory-backend-ram,id=m0,size=512M',
					      '-object', 'memory-backend-ram,id=m1,size=512M',
					      '-numa', 'node,nodeid=0,cpus=0-1,memdev=m0',
					      '-numa', 'node,nodeid=1,cpus=2-3,memdev=m1'])
