/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64's __ffs() is one instruction (tzcnt/bsf); tools/include's generic
 * one is a ladder of shifts.  Both allocators scan words with __ffs(),
 * __fls() and fls() (find_*_bit() among others), so give them the
 * instruction, as the kernel has it.
 */
#ifndef _TOOLS_LINUX_ASM_GENERIC_BITOPS___FFS_H_
#define _TOOLS_LINUX_ASM_GENERIC_BITOPS___FFS_H_

static __always_inline unsigned int __ffs(unsigned long word)
{
	return __builtin_ctzl(word);
}

#endif
