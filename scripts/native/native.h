/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the driver (bench.c) sees of one allocator: upstream.c or ours.c,
 * each linked into its own binary with the same bench.c.
 */
#ifndef _NATIVE_H
#define _NATIVE_H

#include <stddef.h>

struct native_side {
	const char *name;
	/* an empty allocator whose blocks (chunks) are @unit_size bytes */
	void (*init)(int unit_size);
	/* an area of @size bytes at @align: its offset and block, -1 if none */
	int (*alloc)(size_t size, size_t align, void **chunk);
	/* give the area at @off of @chunk back: its size, as the map had it */
	int (*free)(void *chunk, int off);
	/* NULL if every area is free; else what is not */
	const char *(*check_empty)(void);
	/* NULL if the allocator's metadata is consistent; else why not */
	const char *(*check)(void);
	int (*nr_blocks)(void);
	/* release every block */
	void (*fini)(void);
};

extern const struct native_side native_side;

/* WARN_ON_ONCE()s that fired in the allocator (shim/linux/bug.h) */
extern int native_warnings;

#endif /* _NATIVE_H */
