/* SPDX-License-Identifier: GPL-2.0 */
/* tools/include has no linux/errno.h: take the system's (uapi) one. */
#include_next <linux/errno.h>
