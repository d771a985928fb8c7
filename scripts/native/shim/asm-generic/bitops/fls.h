/* SPDX-License-Identifier: GPL-2.0 */
/* x86-64's fls(): bsr, 0 for 0.  See __ffs.h. */
#ifndef _TOOLS_LINUX_ASM_GENERIC_BITOPS_FLS_H_
#define _TOOLS_LINUX_ASM_GENERIC_BITOPS_FLS_H_

static __always_inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

#endif
