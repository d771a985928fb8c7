#!/usr/bin/env python3
"""Put step timers into a kernel tree for scripts/profile.sh.

    scripts/profile-marks.py TREE ours|upstream

Under QEMU -icount the TSC counts guest instructions, so reading it at the
boundaries of the steps of pcpu_alloc() and free_percpu() says how many
instructions each step costs.  This script edits TREE in place (a scratch
worktree: profile.sh resets it afterwards):

  - a global pcpu_prof[] of per-step totals and PP_BEGIN()/PP(i) macros
    (rdtsc, about 8 instructions each: the "mark" step measures one);
  - the marks, found by text anchors in mm/percpu.c, mm/percpu-map.c and
    mm/percpu-vm.c (there PPT(): not counted in the balance work, which
    populates through the same code);
  - in lib/test_percpu_alloc.c, parameters prof_size and prof_order: the
    seq case runs only that size and order, zeroes pcpu_prof[] before its
    allocations and prints "pcpu_prof STEP NS" per operation after its
    frees (alloc steps divided by the allocations, free steps by the
    frees).

An anchor that is not found stops the script with the anchor: the code
changed, update the anchor here.  Step names are printed as STEPS below.
"""
import sys

# index: (phase, name).  Each step runs from the previous mark to its own.
STEPS = {
    0: ("free", "pcpu_lock taken"),
    1: ("free", "block lookup"),
    2: ("free", "offset"),
    3: ("free", "map: size, neighbours"),
    4: ("free", "map: previous extent"),
    5: ("free", "map: next extent"),
    6: ("free", "map: bitmaps, counters"),
    7: ("free", "map: next page's slot"),
    8: ("free", "map: merged extent's slot"),
    9: ("free", "empty pages"),
    10: ("free", "hooks"),
    11: ("free", "balance check"),
    12: ("free", "pcpu_lock released"),
    13: ("free", "balance work scheduled"),
    14: ("free", "mark (cost of one timer)"),
    # upstream's allocator: its checks, search and map update in one step
    30: ("alloc", "checks, mutex, search, map update"),
    16: ("alloc", "checks, memcg, mutex"),
    17: ("alloc", "pcpu_lock taken"),
    25: ("alloc", "search (best fit)"),
    26: ("alloc", "empty pages"),
    27: ("alloc", "map update"),
    18: ("alloc", "leaving the search"),
    19: ("alloc", "pcpu_lock released"),
    15: ("alloc", "population: scan, claim"),
    28: ("alloc", "population: page allocation"),
    29: ("alloc", "population: mapping"),
    20: ("alloc", "population: the rest (locks, bookkeeping)"),
    21: ("alloc", "mutex released, balance check"),
    22: ("alloc", "zeroing every unit"),
    23: ("alloc", "hooks, return"),
    24: ("alloc", "mark (cost of one timer)"),
}

HEADER = '''#include <asm/msr.h>
extern u64 pcpu_pp, pcpu_prof[32];
#define PP_BEGIN() (pcpu_pp = rdtsc())
#define PP(i) do { u64 __n = rdtsc(); pcpu_prof[i] += __n - pcpu_pp; pcpu_pp = __n; } while (0)
/* in code the balance work runs too: the benchmark's steps only */
#define PPT(i) do { if (!(current->flags & PF_WQ_WORKER)) PP(i); } while (0)
'''


def main():
    root, kind = sys.argv[1], sys.argv[2]

    def sub(path, old, new):
        p = f"{root}/{path}"
        s = open(p).read()
        if s.count(old) != 1:
            sys.exit(f"profile-marks.py: anchor not found once in {path}:\n{old}")
        open(p, "w").write(s.replace(old, new))

    # the benchmark: one size and order, totals printed per operation
    t = "lib/test_percpu_alloc.c"
    sub(t, "static int seq_one(", """static uint prof_size;
module_param(prof_size, uint, 0444);
static uint prof_order;
module_param(prof_order, uint, 0444);
extern u64 pcpu_prof[32];
static int seq_one(""")
    sub(t, """	t0 = now_ns();
	for (i = 0; i < n; i++) {""", """	if (size != prof_size || order != prof_order)
		return 0;
	memset(pcpu_prof, 0, sizeof(pcpu_prof));
	t0 = now_ns();
	for (i = 0; i < n; i++) {""")
    sub(t, """	t_free = now_ns() - t0;
""", """	t_free = now_ns() - t0;
	{
		int k;

		for (k = 0; k < 32; k++)
			if (pcpu_prof[k])
				pr_info("pcpu_prof %d %llu\\n", k,
					div_u64(pcpu_prof[k], got));
	}
""")

    p = "mm/percpu.c"
    if kind == "ours":
        sub("mm/percpu-map.h", "#include <linux/types.h>\n",
            "#include <linux/types.h>\n" + HEADER)
    else:
        sub(p, "#include <asm/cacheflush.h>", HEADER + "#include <asm/cacheflush.h>")
    sub(p, "void free_percpu(void __percpu *ptr)\n{",
        "u64 pcpu_pp, pcpu_prof[32];\nvoid free_percpu(void __percpu *ptr)\n{")
    # allocation: the same boundaries in both allocators where they exist
    sub(p, "	gfp = current_gfp_context(gfp);", "	PP_BEGIN();\n	gfp = current_gfp_context(gfp);")
    sub(p, """	ptr = __addr_to_pcpu_ptr(chunk->base_addr + off);
	kmemleak_alloc_percpu(ptr, size, gfp);""", """	PP(22);
	ptr = __addr_to_pcpu_ptr(chunk->base_addr + off);
	kmemleak_alloc_percpu(ptr, size, gfp);""")
    sub(p, """	pcpu_alloc_tag_alloc_hook(chunk, off, size);

	return ptr;""", """	pcpu_alloc_tag_alloc_hook(chunk, off, size);
	PP(23);
	PP(24);

	return ptr;""")
    # population: the same percpu-vm.c code in both
    v = "mm/percpu-vm.c"
    sub(v, """	if (pcpu_alloc_pages(chunk, pages, page_start, page_end, gfp))
		return -ENOMEM;
""", """	PPT(20);
	if (pcpu_alloc_pages(chunk, pages, page_start, page_end, gfp))
		return -ENOMEM;
	PPT(28);
""")
    sub(v, """	pcpu_post_map_flush(chunk, page_start, page_end);

	return 0;
}""", """	pcpu_post_map_flush(chunk, page_start, page_end);
	PPT(29);

	return 0;
}""")
    if kind == "upstream":
        sub(p, """	/* populate if not all pages are already there */
	if (!is_atomic) {""", """	PP(30);
	/* populate if not all pages are already there */
	if (!is_atomic) {""")
        sub(p, """		mutex_unlock(&pcpu_alloc_mutex);
	}

	if (pcpu_nr_empty_pop_pages < PCPU_EMPTY_POP_PAGES_LOW)
		pcpu_schedule_balance_work();
""", """		PP(20);
		mutex_unlock(&pcpu_alloc_mutex);
	}

	if (pcpu_nr_empty_pop_pages < PCPU_EMPTY_POP_PAGES_LOW)
		pcpu_schedule_balance_work();
	PP(21);
""")
        return

    sub(p, """	pool = &pcpu_pools[reserved && pcpu_reserved_chunk];

	spin_lock_irqsave(&pcpu_lock, flags);""", """	pool = &pcpu_pools[reserved && pcpu_reserved_chunk];

	PP(16);
	spin_lock_irqsave(&pcpu_lock, flags);
	PP(17);""")
    sub(p, """					 pcpu_fit_populated(&chunk->map, off, size, NULL));
	spin_unlock_irqrestore(&pcpu_lock, flags);
""", """					 pcpu_fit_populated(&chunk->map, off, size, NULL));
	PP(18);
	spin_unlock_irqrestore(&pcpu_lock, flags);
	PP(19);
""")
    sub(p, """	if (locked)
		mutex_unlock(&pcpu_alloc_mutex);

	if (need_balance || READ_ONCE(pcpu_nr_empty_pop_pages) < pcpu_budget.low)
		pcpu_schedule_balance_work();
""", """	PP(20);
	if (locked)
		mutex_unlock(&pcpu_alloc_mutex);

	if (need_balance || READ_ONCE(pcpu_nr_empty_pop_pages) < pcpu_budget.low)
		pcpu_schedule_balance_work();
	PP(21);
""")
    sub(p, """	    !pcpu_pool_best_fit(pool, size, align, fit, NULL, &f))
		return -ENOSPC;
""", """	    !pcpu_pool_best_fit(pool, size, align, fit, NULL, &f))
		return -ENOSPC;
	PP(25);
""")
    sub(p, """		re = pcpu_claim_run(chunk, p, end);
		spin_unlock_irq(&pcpu_lock);
""", """		re = pcpu_claim_run(chunk, p, end);
		spin_unlock_irq(&pcpu_lock);
		PP(15);
""")
    sub(p, """	if (!pcpu_map_alloc(pool, &f, size))
		return -EINVAL;
""", """	PP(26);
	if (!pcpu_map_alloc(pool, &f, size))
		return -EINVAL;
	PP(27);
""")
    # free
    sub(p, """	addr = __pcpu_ptr_to_addr(ptr);

	spin_lock_irqsave(&pcpu_lock, flags);
	chunk = pcpu_chunk_addr_search(addr);
""", """	PP_BEGIN();
	addr = __pcpu_ptr_to_addr(ptr);

	spin_lock_irqsave(&pcpu_lock, flags);
	PP(0);
	chunk = pcpu_chunk_addr_search(addr);
	PP(1);
""")
    sub(p, """	size = pcpu_free_area(chunk, off);
""", """	PP(2);
	size = pcpu_free_area(chunk, off);
	PP(9);
""")
    sub(p, """	pcpu_stats_area_dealloc(chunk);

	need_balance""", """	pcpu_stats_area_dealloc(chunk);
	PP(10);

	need_balance""")
    sub(p, """	trace_percpu_free_percpu(chunk->base_addr, off, ptr);

	spin_unlock_irqrestore(&pcpu_lock, flags);

	if (need_balance)
		pcpu_schedule_balance_work();
""", """	trace_percpu_free_percpu(chunk->base_addr, off, ptr);
	PP(11);

	spin_unlock_irqrestore(&pcpu_lock, flags);
	PP(12);

	if (need_balance)
		pcpu_schedule_balance_work();
	PP(13);
	PP(14);
""")
    m = "mm/percpu-map.c"
    sub(m, """	next = off + size < map->end && test_bit(ge, map->free);

	ms = prev ? prev_extent_start(map, off) : off;
""", """	next = off + size < map->end && test_bit(ge, map->free);
	PP(3);

	ms = prev ? prev_extent_start(map, off) : off;
	PP(4);
""")
    sub(m, """		me += nsize;
	}
""", """		me += nsize;
	}
	PP(5);
""")
    sub(m, """	map->nr_extents += 1 - prev - next;
""", """	map->nr_extents += 1 - prev - next;
	PP(6);
""")
    sub(m, """		slot_refresh(pool, map, j, -1, 0, me >> G_SHIFT);
""", """		slot_refresh(pool, map, j, -1, 0, me >> G_SHIFT);
	PP(7);
""")
    sub(m, """	if (map->slots[i].off == ms)
		map->hint = i;
""", """	if (map->slots[i].off == ms)
		map->hint = i;
	PP(8);
""")


if __name__ == "__main__":
    main()
