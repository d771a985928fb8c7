/* SPDX-License-Identifier: GPL-2.0 */
/* tools/include has min()/max() in linux/kernel.h, not linux/minmax.h. */
#include <linux/kernel.h>
