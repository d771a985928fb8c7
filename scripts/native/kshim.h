/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel bits the code extract.py copies out of mm/percpu.c needs, for
 * a single-threaded userspace process.  Included by upstream.c and ours.c
 * (and, through percpu-map.h, mm/percpu-map.c gets tools/include plus
 * shim/).
 *
 * Left out on purpose, on both sides alike: locks (pcpu_lock, the mutex:
 * no-ops here), lockdep, percpu_stats, memcg and alloc-tag hooks.
 */
#ifndef _NATIVE_KSHIM_H
#define _NATIVE_KSHIM_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/align.h>
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/overflow.h>
#include <linux/rbtree.h>
#include <linux/types.h>

/* tools/include's min_t() casts an unparenthesized argument: the kernel's */
#undef min_t
#define min_t(type, x, y)	min((type)(x), (type)(y))

/* x86-64, as the benchmark kernel has them */
#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PFN_UP(x)		(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)		((x) >> PAGE_SHIFT)
#define __ALIGN_MASK(x, mask)	(((x) + (mask)) & ~(mask))
#define SMP_CACHE_BYTES		64
#define ____cacheline_aligned_in_smp __attribute__((__aligned__(SMP_CACHE_BYTES)))
#define __ro_after_init
#define __percpu

/* pcpu_lock and pcpu_alloc_mutex: one thread, nothing to exclude */
typedef int spinlock_t;
struct mutex { int unused; };
#define DEFINE_SPINLOCK(x)		spinlock_t x
#define DEFINE_MUTEX(x)			struct mutex x
#define spin_lock_irqsave(l, f)		((void)(l), (f) = 0)
#define spin_unlock_irqrestore(l, f)	((void)(l), (void)(f))
#define lockdep_assert_held(l)		((void)(l))

/* CONFIG_PERCPU_STATS is off in configs/bench.config */
#define pcpu_stats_area_alloc(chunk, size)	do { } while (0)
#define pcpu_stats_area_dealloc(chunk)		do { } while (0)
#define pcpu_stats_alloc_fail(counter)		do { } while (0)

/* CONFIG_PERCPU_MAP_KUNIT_TEST is off too: no failure injection */
#define pcpu_test_fail(site)			false

/* No balance work here (pcpu_alloc_area() asks for it when the last empty block is taken) */
#define pcpu_schedule_balance_work()		do { } while (0)

/*
 * pcpu_mem_zalloc() and pcpu_mem_free(): the heap, zeroed at once as
 * kzalloc() and __vmalloc(__GFP_ZERO) do (not calloc()'s zero pages
 * faulted in later, inside the timed loops).
 */
#define __GFP_ZERO		0	/* gfp_t, GFP_KERNEL: tools/include's */
#define slab_is_available()	true
#define kzalloc(size, gfp)	native_zalloc(size)
#define __vmalloc(size, gfp)	native_zalloc(size)
#define kvfree(p)		free(p)

static inline void *native_zalloc(size_t size)
{
	void *p = malloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

#include "native.h"

#endif /* _NATIVE_KSHIM_H */
