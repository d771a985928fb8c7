/* SPDX-License-Identifier: GPL-2.0 */
/* x86-64's __fls(): bsr.  See __ffs.h. */
#ifndef _TOOLS_LINUX_ASM_GENERIC_BITOPS___FLS_H_
#define _TOOLS_LINUX_ASM_GENERIC_BITOPS___FLS_H_

static __always_inline unsigned int __fls(unsigned long word)
{
	return (sizeof(word) * 8 - 1) - __builtin_clzl(word);
}

#endif
