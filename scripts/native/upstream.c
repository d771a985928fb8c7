// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream's allocator: the bitmap allocator of the base kernel's
 * mm/percpu.c.  Its area core (chunk slots, pcpu_find_block_fit(),
 * pcpu_alloc_area(), pcpu_free_area() and the block hints they keep) is
 * copied unchanged by extract.py from upstream.spec into upstream*.h; this
 * file only declares the state that code uses, as base mm/percpu.c does,
 * and stands in for the chunk creation of mm/percpu-vm.c.
 *
 * up_alloc() is pcpu_alloc_noprof() for a GFP_KERNEL request of a normal
 * (not reserved) area, from the search on: upstream-search.h is its code
 * from "restart:" to "goto restart;".  up_free() is free_percpu() around
 * pcpu_free_area(), given the chunk (no lookup by address).
 */
#include "kshim.h"

/* The state of base mm/percpu.c that the extracted code reads and writes. */
static int pcpu_unit_pages __ro_after_init;
static int pcpu_unit_size __ro_after_init;
int pcpu_nr_slots __ro_after_init;
static int pcpu_free_slot __ro_after_init;
int pcpu_sidelined_slot __ro_after_init;
int pcpu_to_depopulate_slot __ro_after_init;
static size_t pcpu_chunk_struct_size __ro_after_init;
struct pcpu_chunk *pcpu_reserved_chunk __ro_after_init;	/* none here */
DEFINE_SPINLOCK(pcpu_lock);
struct list_head *pcpu_chunk_lists __ro_after_init;
int pcpu_nr_empty_pop_pages;

static struct pcpu_chunk *pcpu_create_chunk(gfp_t gfp);

#include "upstream.h"

static int nr_chunks;

/*
 * mm/percpu-vm.c's pcpu_create_chunk() without the vmalloc areas: a chunk
 * from pcpu_alloc_chunk() at a made-up address, every page counted as
 * populated (population is not measured; see upstream's
 * pcpu_chunk_populated()).
 */
static struct pcpu_chunk *pcpu_create_chunk(gfp_t gfp)
{
	struct pcpu_chunk *chunk = pcpu_alloc_chunk(gfp);

	if (!chunk)
		return NULL;
	chunk->base_addr = (void *)((unsigned long)++nr_chunks * pcpu_unit_size);
	bitmap_fill(chunk->populated, chunk->nr_pages);
	chunk->nr_populated = chunk->nr_pages;
	pcpu_update_empty_pages(chunk, chunk->nr_pages);
	return chunk;
}

static const char *fail_reason;

static int up_alloc(size_t size, size_t align, void **chunkp)
{
	/* pcpu_alloc_noprof()'s variables, as it has them at "restart:" */
	const bool is_atomic = false;
	const gfp_t pcpu_gfp = GFP_KERNEL;
	size_t bits = size >> PCPU_MIN_ALLOC_SHIFT;
	size_t bit_align = align >> PCPU_MIN_ALLOC_SHIFT;
	struct pcpu_chunk *chunk, *next;
	unsigned long flags;
	const char *err;
	int slot, off;

	spin_lock_irqsave(&pcpu_lock, flags);
#include "upstream-search.h"

area_found:
	pcpu_stats_area_alloc(chunk, size);
	spin_unlock_irqrestore(&pcpu_lock, flags);
	*chunkp = chunk;
	return off;

fail:
	fail_reason = err;
	return -1;
}

static int up_free(void *p, int off)
{
	struct pcpu_chunk *chunk = p;
	unsigned long flags;
	int size;

	spin_lock_irqsave(&pcpu_lock, flags);
	size = pcpu_free_area(chunk, off);
	spin_unlock_irqrestore(&pcpu_lock, flags);
	return size;
}

/* pcpu_setup_first_chunk()'s part for run-time chunks: sizes and slots */
static void up_init(int unit_size)
{
	int i;

	pcpu_unit_pages = unit_size >> PAGE_SHIFT;
	pcpu_unit_size = pcpu_unit_pages << PAGE_SHIFT;
#include "upstream-struct_size.h"

#include "upstream-slots.h"

	pcpu_chunk_lists = calloc(pcpu_nr_slots, sizeof(pcpu_chunk_lists[0]));
	for (i = 0; i < pcpu_nr_slots; i++)
		INIT_LIST_HEAD(&pcpu_chunk_lists[i]);
	nr_chunks = 0;
	pcpu_nr_empty_pop_pages = 0;
}

#define for_each_chunk(slot, chunk)					\
	for ((slot) = 0; (slot) < pcpu_nr_slots; (slot)++)		\
		list_for_each_entry((chunk), &pcpu_chunk_lists[(slot)], list)

static const char *up_check_empty(void)
{
	struct pcpu_chunk *chunk;
	int slot, bits = pcpu_nr_pages_to_map_bits(pcpu_unit_pages);

	if (fail_reason)
		return fail_reason;
	for_each_chunk(slot, chunk) {
		if (chunk->free_bytes != pcpu_unit_size ||
		    !bitmap_empty(chunk->alloc_map, bits))
			return "a chunk has live areas";
		if (chunk->chunk_md.contig_hint != bits)
			return "an empty chunk's contig_hint is not the chunk";
		if (slot != pcpu_free_slot)
			return "an empty chunk is not in the free slot";
	}
	return NULL;
}

/*
 * Each chunk's free bytes against its bitmap, and its slot: the one of its
 * contig_hint, or 0.
 */
static const char *up_check(void)
{
	struct pcpu_chunk *chunk;
	int slot, bits = pcpu_nr_pages_to_map_bits(pcpu_unit_pages);

	for_each_chunk(slot, chunk) {
		if (chunk->free_bytes !=
		    (bits - (int)bitmap_weight(chunk->alloc_map, bits)) *
		    PCPU_MIN_ALLOC_SIZE)
			return "free_bytes does not match the allocation map";
		/* slot 0 also holds chunks a failed fit moved there */
		if (!chunk->isolated && slot && slot != pcpu_chunk_slot(chunk))
			return "a chunk is not in the slot of its contig_hint";
	}
	return NULL;
}

static int up_nr_blocks(void)
{
	return nr_chunks;
}

static void up_fini(void)
{
	struct pcpu_chunk *chunk, *next;
	int slot;

	for (slot = 0; slot < pcpu_nr_slots; slot++)
		list_for_each_entry_safe(chunk, next, &pcpu_chunk_lists[slot], list) {
			list_del(&chunk->list);
			pcpu_free_chunk(chunk);
		}
	free(pcpu_chunk_lists);
	pcpu_chunk_lists = NULL;
	fail_reason = NULL;
}

const struct native_side native_side = {
	.name		= "upstream",
	.init		= up_init,
	.alloc		= up_alloc,
	.free		= up_free,
	.check_empty	= up_check_empty,
	.check		= up_check,
	.nr_blocks	= up_nr_blocks,
	.fini		= up_fini,
};
