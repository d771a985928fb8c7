# SPDX-License-Identifier: GPL-2.0
#
# 32-bit x86 with HIGHMEM for `make arches`, in kunit.py's qemu_config
# format (tools/testing/kunit/qemu_configs/i386.py plus 4 CPUs): the
# kernel's vmalloc space is 128 MiB or so, where x86_64's is 32 TiB.

from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='i386',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='i386',
			   kernel_path='arch/x86/boot/bzImage',
			   # tsc=known_freq: no refined TSC calibration, whose
			   # messages (a second into the boot) can land inside
			   # the KTAP output
			   kernel_command_line='console=ttyS0 tsc=known_freq',
			   extra_qemu_params=['-smp', '4'])
