// SPDX-License-Identifier: GPL-2.0
/*
 * Our allocator: mm/percpu-map.c of the series, compiled unchanged as its
 * own object, and the area core of the series' mm/percpu.c around it
 * (pcpu_alloc_area(), pcpu_free_area(), block creation's bookkeeping),
 * copied unchanged by extract.py from ours.spec into ours*.h.  This file
 * only declares the state that code uses, as the series' mm/percpu.c
 * does, and stands in for the block creation of mm/percpu-vm.c.
 *
 * ours_alloc() is pcpu_alloc_noprof() for a GFP_KERNEL request of a
 * normal (not reserved) area, from the search on: ours-search.h is its
 * "for (;;)" loop (best fit over the pool, a new block when nothing fits).
 * ours_free() is free_percpu() around pcpu_free_area(), given the block
 * (no lookup by address).
 */
#include "kshim.h"
#include "percpu-map.h"

/* The state of the series' mm/percpu.c that the extracted code uses. */
static int pcpu_unit_pages __ro_after_init;
static int pcpu_unit_size __ro_after_init;
static size_t pcpu_chunk_struct_size __ro_after_init;
struct pcpu_chunk *pcpu_reserved_chunk __ro_after_init;	/* none here */
DEFINE_SPINLOCK(pcpu_lock);
static DEFINE_MUTEX(pcpu_alloc_mutex);
LIST_HEAD(pcpu_blocks);
static struct rb_root pcpu_block_tree = RB_ROOT;
static struct pcpu_pool pcpu_pools[2] = {
	[1] = { .max_walk = INT_MAX },
};
static int pcpu_nr_empty_blocks;
static int pcpu_nr_reserve_blocks;
static u64 pcpu_next_order = 1;
int pcpu_nr_empty_pop_pages;
static unsigned long pcpu_nr_populated;

/* percpu-vm.c's: its blocks are populated page by page */
static inline bool pcpu_can_depopulate(void)
{
	return true;
}

/*
 * The fit callbacks of atomic requests (mm/percpu.c): the benchmark's
 * requests are GFP_KERNEL, which search with no callback (NULL).
 */
static bool pcpu_fit_populated(const struct pcpu_map *map, int off, int size,
			       void *arg)
{
	native_warnings++;
	return false;
}
#define pcpu_fit_atomic_populate	pcpu_fit_populated

static struct pcpu_chunk *pcpu_create_chunk(gfp_t gfp);

#include "ours.h"

static int nr_blocks;

/*
 * mm/percpu-vm.c's pcpu_create_chunk() without the vmalloc areas: a block
 * from pcpu_alloc_chunk() at a made-up address, every page populated
 * (population is not measured; pcpu_chunk_populated() does the
 * bookkeeping, before pcpu_activate_chunk() adds the block's free space).
 */
static struct pcpu_chunk *pcpu_create_chunk(gfp_t gfp)
{
	struct pcpu_chunk *chunk;
	unsigned long flags;

	chunk = pcpu_alloc_chunk(gfp);
	if (!chunk)
		return NULL;
	chunk->base_addr = (void *)((unsigned long)++nr_blocks * pcpu_unit_size);
	spin_lock_irqsave(&pcpu_lock, flags);
	pcpu_chunk_populated(chunk, 0, chunk->nr_pages);
	spin_unlock_irqrestore(&pcpu_lock, flags);
	return chunk;
}

static const char *fail_reason;

static int ours_alloc(size_t size, size_t align, void **chunkp)
{
	/* pcpu_alloc_noprof()'s variables, as it has them at the search */
	const bool is_atomic = false;
	const gfp_t pcpu_gfp = GFP_KERNEL;
	bool atomic_populate = false, need_balance = false;
	struct pcpu_pool *pool = &pcpu_pools[0];
	struct pcpu_chunk *chunk;
	unsigned long flags;
	const char *err;
	int off;

	spin_lock_irqsave(&pcpu_lock, flags);
#include "ours-search.h"

	spin_unlock_irqrestore(&pcpu_lock, flags);
	(void)atomic_populate;
	(void)need_balance;	/* the balance work is not measured */
	*chunkp = chunk;
	return off;

fail_unlock:
	spin_unlock_irqrestore(&pcpu_lock, flags);
	fail_reason = err;
	return -1;
}

static int ours_free(void *p, int off)
{
	struct pcpu_chunk *chunk = p;
	unsigned long flags;
	int size;

	spin_lock_irqsave(&pcpu_lock, flags);
	size = pcpu_free_area(chunk, off);
	spin_unlock_irqrestore(&pcpu_lock, flags);
	return size;
}

/* pcpu_setup_first_chunk()'s part for run-time blocks: their size */
static void ours_init(int unit_size)
{
	pcpu_unit_pages = unit_size >> PAGE_SHIFT;
	pcpu_unit_size = pcpu_unit_pages << PAGE_SHIFT;
#include "ours-struct_size.h"

	nr_blocks = 0;
	pcpu_nr_empty_pop_pages = 0;
}

static const char *ours_check_empty(void)
{
	struct pcpu_chunk *chunk;
	int n = 0;

	if (fail_reason)
		return fail_reason;
	list_for_each_entry(chunk, &pcpu_blocks, list) {
		if (chunk->map.nr_alloc || chunk->map.free_bytes != pcpu_unit_size)
			return "a block has live areas";
		n++;
	}
	if (n != pcpu_nr_empty_blocks)
		return "pcpu_nr_empty_blocks is not the number of empty blocks";
	return NULL;
}

/* pcpu_map_check() of every block and pcpu_pool_check() of the pool */
static const char *ours_check(void)
{
	struct pcpu_chunk *chunk;
	const char *why = NULL;

	list_for_each_entry(chunk, &pcpu_blocks, list)
		if (pcpu_map_check(&pcpu_pools[0], &chunk->map, &why))
			return why;
	if (pcpu_pool_check(&pcpu_pools[0], &why))
		return why;
	return NULL;
}

static int ours_nr_blocks(void)
{
	return nr_blocks;
}

static void ours_fini(void)
{
	struct pcpu_chunk *chunk, *next;

	list_for_each_entry_safe(chunk, next, &pcpu_blocks, list) {
		pcpu_map_remove_all(&pcpu_pools[0], &chunk->map);
		rb_erase(&chunk->addr_node, &pcpu_block_tree);
		list_del(&chunk->list);
		pcpu_free_chunk(chunk);
	}
	pcpu_pools[0] = (struct pcpu_pool){ };
	pcpu_nr_empty_blocks = 0;
	pcpu_next_order = 1;
	fail_reason = NULL;
}

const struct native_side native_side = {
	.name		= "ours",
	.init		= ours_init,
	.alloc		= ours_alloc,
	.free		= ours_free,
	.check_empty	= ours_check_empty,
	.check		= ours_check,
	.nr_blocks	= ours_nr_blocks,
	.fini		= ours_fini,
};
