// SPDX-License-Identifier: GPL-2.0
/* lib/bitmap.c's __bitmap_set() and lib/find_bit.c's _find_last_bit(). */
#include <linux/bitmap.h>

#include "bitops-lib.h"
