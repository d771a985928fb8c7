/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/include's bitmap.h plus what it lacks: bitmap_set(),
 * find_last_bit() and for_each_clear_bitrange_from(), taken unchanged from
 * the base kernel by extract.py (bitops.h from bitops.spec; the
 * out-of-line parts in bitops-lib.c).
 */
#ifndef _NATIVE_BITMAP_H
#define _NATIVE_BITMAP_H

#include_next <linux/bitmap.h>
#include <linux/kernel.h>

void __bitmap_set(unsigned long *map, unsigned int start, int len);
unsigned long _find_last_bit(const unsigned long *addr, unsigned long size);

#include "bitops.h"

#endif /* _NATIVE_BITMAP_H */
