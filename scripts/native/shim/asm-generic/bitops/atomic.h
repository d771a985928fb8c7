/* SPDX-License-Identifier: GPL-2.0 */
/*
 * set_bit() and clear_bit() are atomic in the kernel (x86: lock bts/btr);
 * tools/include's are plain read-modify-writes.  Upstream's
 * pcpu_alloc_area() uses set_bit() on its boundary map: keep the locked
 * instruction it costs there.
 */
#ifndef _TOOLS_LINUX_ASM_GENERIC_BITOPS_ATOMIC_H_
#define _TOOLS_LINUX_ASM_GENERIC_BITOPS_ATOMIC_H_

#include <asm/types.h>
#include <asm/bitsperlong.h>

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[nr / BITS_PER_LONG], 1UL << (nr % BITS_PER_LONG),
			  __ATOMIC_SEQ_CST);
}

static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[nr / BITS_PER_LONG], ~(1UL << (nr % BITS_PER_LONG)),
			   __ATOMIC_SEQ_CST);
}

#endif
