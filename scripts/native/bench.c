// SPDX-License-Identifier: GPL-2.0
/*
 * The driver of the native benchmark: the patterns of the kernel's
 * lib/test_percpu_alloc.c (seq and churn) run against one allocator's
 * area core (upstream.c or ours.c, linked into the same driver), timed
 * with CLOCK_MONOTONIC around each phase.
 *
 *   native-SIDE [--short] [--nr-objs N] [--max-mb M] [--churn-ops N]
 *               [--seed S] [--unit-kb K]
 *
 * seq: for each size (4, 16, 64, 256, 1024 bytes; alignment as the
 * kernel's seq case: the size below 8, else 8) and each order (inorder,
 * alternate, reverse): N = min(nr_objs, max_mb MiB / size) areas
 * allocated, then freed in that order.  churn: the kernel's churn case
 * (its size and lifetime mix, its PRNG and seed), ns per step.  Every case
 * starts from an empty allocator.
 *
 * Correctness, checked outside the timed loops except for two counters:
 * every allocation succeeds, every free returns the size allocated, the
 * live areas after each allocation phase do not overlap and lie in their
 * block at their alignment, the allocator's own check passes after each
 * phase (ours: pcpu_map_check() and pcpu_pool_check()), everything is
 * free at the end of each case, and no WARN_ON fired.  Any failure: a
 * "FAIL" line and exit status 1.
 *
 * Output: one "key=value ..." line per case, then "result=ok" or
 * "result=FAIL".
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "native.h"

int native_warnings;

static const struct native_side *side = &native_side;
static int unit_size = 1 << 20;	/* the bench kernel's: "u1048576" */
static int problems;

static void problem(const char *what, const char *detail)
{
	printf("FAIL side=%s %s%s%s\n", side->name, what,
	       detail ? ": " : "", detail ? detail : "");
	problems++;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* One live area, as the driver remembers it. */
struct area {
	void *chunk;
	int off;
	int size;
	int next;		/* churn: the next area on the same wheel slot */
};

static int cmp_area(const void *a, const void *b)
{
	const struct area *x = a, *y = b;

	if (x->chunk != y->chunk)
		return x->chunk < y->chunk ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

/*
 * The @n areas of @areas whose @live flag is set (NULL: all) lie inside
 * their block at their alignment and do not overlap.
 */
static void check_areas(const char *where, const struct area *areas, int n,
			const unsigned char *live, const int *aligns)
{
	struct area *s = malloc(sizeof(*s) * (n ? n : 1));
	int i, m = 0;
	char buf[160];

	for (i = 0; i < n; i++) {
		if (live && !live[i])
			continue;
		if (areas[i].off < 0 || areas[i].off + areas[i].size > unit_size ||
		    areas[i].off % aligns[i]) {
			snprintf(buf, sizeof(buf), "%s: area %d at %d size %d align %d",
				 where, i, areas[i].off, areas[i].size, aligns[i]);
			problem("misplaced area", buf);
			break;
		}
		s[m++] = areas[i];
	}
	qsort(s, m, sizeof(*s), cmp_area);
	for (i = 1; i < m; i++)
		if (s[i].chunk == s[i - 1].chunk &&
		    s[i - 1].off + s[i - 1].size > s[i].off) {
			snprintf(buf, sizeof(buf), "%s: [%d, +%d) and [%d, +%d) in block %p",
				 where, s[i - 1].off, s[i - 1].size, s[i].off,
				 s[i].size, s[i].chunk);
			problem("overlap", buf);
			break;
		}
	free(s);
}

static void check_side(const char *where, bool empty)
{
	const char *why = side->check();

	if (why)
		problem(where, why);
	if (empty && (why = side->check_empty()))
		problem(where, why);
	if (native_warnings) {
		problem(where, "WARN_ON fired in the allocator");
		native_warnings = 0;
	}
}

/* ------------------------------------------------------------------ */
/* seq: the kernel's case 1 */

enum { INORDER, ALTERNATE, REVERSE };
static const char *const order_names[] = { "inorder", "alternate", "reverse" };

static void seq_one(int size, int n, int order, struct area *a, int *aligns)
{
	int align = size < 8 ? size : 8;
	int i, failed = 0, badfree = 0;
	uint64_t t0, t_alloc, t_free;
	char where[64];

	snprintf(where, sizeof(where), "seq size=%d order=%s", size, order_names[order]);
	side->init(unit_size);

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		a[i].off = side->alloc(size, align, &a[i].chunk);
		failed += a[i].off < 0;
	}
	t_alloc = now_ns() - t0;

	for (i = 0; i < n; i++) {
		a[i].size = size;
		aligns[i] = align;
	}
	if (failed)
		problem(where, "allocations failed");
	else
		check_areas(where, a, n, NULL, aligns);
	check_side(where, false);
	int blocks = side->nr_blocks();

	t0 = now_ns();
	switch (order) {
	case INORDER:
		for (i = 0; i < n; i++)
			badfree += side->free(a[i].chunk, a[i].off) != size;
		break;
	case ALTERNATE:
		for (i = 0; i < n; i += 2)
			badfree += side->free(a[i].chunk, a[i].off) != size;
		for (i = 1; i < n; i += 2)
			badfree += side->free(a[i].chunk, a[i].off) != size;
		break;
	case REVERSE:
		for (i = n; i-- > 0;)
			badfree += side->free(a[i].chunk, a[i].off) != size;
		break;
	}
	t_free = now_ns() - t0;

	if (badfree)
		problem(where, "frees returned another size");
	check_side(where, true);
	side->fini();

	printf("side=%s case=seq size=%d order=%s n=%d alloc_ns=%.1f free_ns=%.1f blocks=%d failed=%d badfree=%d\n",
	       side->name, size, order_names[order], n, (double)t_alloc / n,
	       (double)t_free / n, blocks, failed, badfree);
}

/* ------------------------------------------------------------------ */
/* churn: the kernel's case 2, its mix, lifetimes and PRNG */

/* lib/random32.c's prandom_u32_state() and prandom_seed_state() */
struct rnd_state { uint32_t s1, s2, s3, s4; };

static uint32_t prandom_u32_state(struct rnd_state *state)
{
#define TAUSWORTHE(s, a, b, c, d) ((s & c) << d) ^ (((s << a) ^ s) >> b)
	state->s1 = TAUSWORTHE(state->s1,  6U, 13U, 4294967294U, 18U);
	state->s2 = TAUSWORTHE(state->s2,  2U, 27U, 4294967288U,  2U);
	state->s3 = TAUSWORTHE(state->s3, 13U, 21U, 4294967280U,  7U);
	state->s4 = TAUSWORTHE(state->s4,  3U, 12U, 4294967168U, 13U);

	return (state->s1 ^ state->s2 ^ state->s3 ^ state->s4);
}

static uint32_t seed_min(uint32_t x, uint32_t m)
{
	return (x < m) ? x + m : x;
}

static void prandom_seed_state(struct rnd_state *state, uint64_t seed)
{
	uint32_t i = ((seed >> 32) ^ (seed << 10) ^ seed) & 0xffffffffUL;

	state->s1 = seed_min(i,   2U);
	state->s2 = seed_min(i,   8U);
	state->s3 = seed_min(i,  16U);
	state->s4 = seed_min(i, 128U);
}

#define CHURN_WHEEL	(4096 + 16 + 1)

static size_t churn_size(struct rnd_state *rnd)
{
	uint32_t r = prandom_u32_state(rnd);

	switch (r % 20) {
	case 0 ... 13:		/* 70%: counters, stats, refs */
		return 4 + (r >> 8) % 61;
	case 14 ... 18:		/* 25%: small structs */
		return 64 + (r >> 8) % 449;
	default:		/* 5%: caches, up to a few KiB */
		return 512 + (r >> 8) % 3585;
	}
}

static void churn(int ops, unsigned int seed)
{
	struct area *a = calloc(ops, sizeof(*a));
	int *aligns = malloc(sizeof(int) * ops);
	unsigned char *live = calloc(ops, 1);
	int wheel[CHURN_WHEEL], longlived = -1, nr_live = 0;
	int step, i, o, failed = 0, badfree = 0, peak_blocks;
	struct rnd_state rnd;
	uint64_t t0, t;

	for (i = 0; i < CHURN_WHEEL; i++)
		wheel[i] = -1;
	prandom_seed_state(&rnd, seed);
	side->init(unit_size);

	t0 = now_ns();
	for (step = 0; step < ops; step++) {
		int *slot = &wheel[step % CHURN_WHEEL];
		uint32_t r = prandom_u32_state(&rnd);

		/* areas whose lifetime ends now */
		while ((o = *slot) >= 0) {
			*slot = a[o].next;
			badfree += side->free(a[o].chunk, a[o].off) != a[o].size;
			live[o] = 0;
			nr_live--;
		}

		/* pcpu_alloc() rounds the size up to the granule */
		a[step].size = (churn_size(&rnd) + 3) & ~3;
		a[step].off = side->alloc(a[step].size, 8, &a[step].chunk);
		if (a[step].off < 0) {
			failed++;
			continue;
		}
		live[step] = 1;
		nr_live++;

		switch (r % 10) {
		case 0 ... 5:	/* 60% short */
			slot = &wheel[(step + 1 + (r >> 8) % 16) % CHURN_WHEEL];
			break;
		case 6 ... 8:	/* 30% medium */
			slot = &wheel[(step + 1 + (r >> 8) % 4096) % CHURN_WHEEL];
			break;
		default:	/* 10% long: live until the end */
			slot = &longlived;
			break;
		}
		a[step].next = *slot;
		*slot = step;
	}
	t = now_ns() - t0;

	for (i = 0; i < ops; i++)
		aligns[i] = 8;
	if (failed)
		problem("churn", "allocations failed");
	check_areas("churn", a, ops, live, aligns);
	check_side("churn", false);
	peak_blocks = side->nr_blocks();

	/* untimed: free what is left, the long-lived areas last */
	for (i = 0; i < CHURN_WHEEL; i++)
		for (o = wheel[i]; o >= 0; o = a[o].next)
			badfree += side->free(a[o].chunk, a[o].off) != a[o].size;
	for (o = longlived; o >= 0; o = a[o].next)
		badfree += side->free(a[o].chunk, a[o].off) != a[o].size;
	if (badfree)
		problem("churn", "frees returned another size");
	check_side("churn end", true);
	side->fini();

	printf("side=%s case=churn ops=%d ns_per_op=%.1f live=%d blocks=%d failed=%d badfree=%d\n",
	       side->name, ops, (double)t / ops, nr_live, peak_blocks, failed,
	       badfree);
	free(a);
	free(aligns);
	free(live);
}

int main(int argc, char **argv)
{
	static const int sizes[] = { 4, 16, 64, 256, 1024 };
	static const struct option opts[] = {
		{ "short",	no_argument,		NULL, 's' },
		{ "nr-objs",	required_argument,	NULL, 'n' },
		{ "max-mb",	required_argument,	NULL, 'm' },
		{ "churn-ops",	required_argument,	NULL, 'c' },
		{ "seed",	required_argument,	NULL, 'r' },
		{ "unit-kb",	required_argument,	NULL, 'u' },
		{ }
	};
	/* the kernel benchmark's max_mb and seed; nr_objs 2^18, not 2^20 */
	int nr_objs = 1 << 18, max_mb = 64, churn_ops = 200000;
	unsigned int seed = 2004;
	struct area *a;
	int *aligns;
	int c, s, o;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			nr_objs = 1 << 14;
			max_mb = 4;
			churn_ops = 20000;
			break;
		case 'n':
			nr_objs = atoi(optarg);
			break;
		case 'm':
			max_mb = atoi(optarg);
			break;
		case 'c':
			churn_ops = atoi(optarg);
			break;
		case 'r':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'u':
			unit_size = atoi(optarg) << 10;
			break;
		default:
			fprintf(stderr, "usage: %s [--short] [--nr-objs N] [--max-mb M] [--churn-ops N] [--seed S] [--unit-kb K]\n",
				argv[0]);
			return 2;
		}
	}

	a = malloc(sizeof(*a) * nr_objs);
	aligns = malloc(sizeof(int) * nr_objs);
	for (s = 0; s < 5; s++) {
		long n = (long)max_mb * (1 << 20) / sizes[s];

		if (n > nr_objs)
			n = nr_objs;
		for (o = INORDER; o <= REVERSE; o++)
			seq_one(sizes[s], n, o, a, aligns);
	}
	churn(churn_ops, seed);
	free(a);
	free(aligns);

	printf("side=%s result=%s problems=%d\n", side->name,
	       problems ? "FAIL" : "ok", problems);
	return problems ? 1 : 0;
}
