// SPDX-License-Identifier: GPL-2.0
/*
 * bpf-pcpu: make stress's BPF step.  Fills a BPF_MAP_TYPE_PERCPU_HASH
 * created with BPF_F_NO_PREALLOC, then churns it (delete one element,
 * add another), through the raw bpf(2) syscall: no libbpf.  Each element
 * added takes a percpu object from the BPF memory allocator, whose caches
 * refill themselves from irq_work with atomic percpu allocations
 * (GFP_NOWAIT); when one fails and the cache runs dry, the update fails
 * with ENOMEM.  Built static on the host (scripts/initramfs.sh).
 *
 *   bpf-pcpu ENTRIES CHURN VALUE_SIZE
 *
 * Prints one line: "BPF entries=... value_size=... filled=... fill_failed=...
 * churned=... churn_failed=... first_errno=...".  Exits 1 if the map
 * could not be created.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int first_errno;

/* 0 or -1, noting the first errno. */
static int update(int fd, unsigned int key, void *value)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (unsigned long)&key;
	a.value = (unsigned long)value;
	a.flags = BPF_NOEXIST;
	if (bpf(BPF_MAP_UPDATE_ELEM, &a) == 0)
		return 0;
	if (!first_errno)
		first_errno = errno;
	return -1;
}

static int delete(int fd, unsigned int key)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (unsigned long)&key;
	return bpf(BPF_MAP_DELETE_ELEM, &a) ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned int entries, churn, vsize, i, filled = 0, fill_failed = 0;
	unsigned int churned = 0, churn_failed = 0, next, nr_present;
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	unsigned char *present;
	union bpf_attr a;
	void *value;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: bpf-pcpu ENTRIES CHURN VALUE_SIZE\n");
		return 2;
	}
	entries = strtoul(argv[1], NULL, 0);
	churn = strtoul(argv[2], NULL, 0);
	vsize = (strtoul(argv[3], NULL, 0) + 7) & ~7u;
	/* userspace passes a percpu value as one copy per possible CPU */
	value = calloc(ncpus, vsize);
	present = calloc(entries, 1);
	if (!value || !present || !entries)
		return 2;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_PERCPU_HASH;
	a.key_size = sizeof(unsigned int);
	a.value_size = vsize;
	a.max_entries = entries;
	a.map_flags = BPF_F_NO_PREALLOC;
	fd = bpf(BPF_MAP_CREATE, &a);
	if (fd < 0) {
		printf("BPF map_create_errno=%d\n", errno);
		return 1;
	}
	for (i = 0; i < entries; i++) {
		if (update(fd, i, value) == 0) {
			present[i] = 1;
			filled++;
		} else {
			fill_failed++;
		}
	}
	/* delete a present element, add an absent one: a fixed walk */
	next = 0;
	nr_present = filled;
	for (i = 0; i < churn; i++) {
		unsigned int del = (i * 7919u) % entries;

		if (present[del] && delete(fd, del) == 0) {
			present[del] = 0;
			nr_present--;
		}
		if (nr_present == entries) {
			churn_failed++;	/* the delete failed */
			continue;
		}
		while (present[next])
			next = (next + 1) % entries;
		if (update(fd, next, value) == 0) {
			present[next] = 1;
			nr_present++;
			churned++;
		} else {
			churn_failed++;
		}
	}
	printf("BPF entries=%u value_size=%u filled=%u fill_failed=%u churned=%u churn_failed=%u first_errno=%d\n",
	       entries, vsize, filled, fill_failed, churned, churn_failed, first_errno);
	close(fd);
	return 0;
}
