#!/usr/bin/env python3
"""Write the seed corpus of the mm/percpu-map.c fuzzer (fuzz/seeds/).

    scripts/fuzz-seeds.py [DIR]     (default: fuzz/seeds of the project)

Deterministic: the same files every run (fixed PRNG seeds), so that the
committed corpus can be regenerated and reviewed.  The input format is the
one tools/testing/percpu/map_fuzz.c documents at its top: a 16-byte header
(number of blocks and the pool's max_walk; per block its size, never-free
head and tail, tie-break order) and then 4-byte operations.  Each seed
describes several blocks and hundreds of operations: packing and draining
in address order, holes and aligned requests that need the second walk,
placement filters, equal-size ties across blocks, bad frees, queries,
blocks destroyed and recreated.
Old files of DIR named seed-* are removed first.
"""
import os
import random
import sys

G = 4           # PCPU_MAP_GRANULE
SLOT = 64       # PCPU_MAP_SLOT_SIZE of the userspace build
MAX_SIZE = 8192
MAX_OPS = 1024  # FUZZ_MAX_OPS
REPEAT = {1: 0, 2: 4, 4: 5, 8: 6, 16: 7}
FREE_REPEAT = {1: 0, 2: 4, 4: 5, 8: 6, 32: 7}


class Seed:
    """One input: header(), then operations appended in order."""

    def __init__(self, blocks, max_walk=0):
        assert 1 <= len(blocks) <= 3 and 0 <= max_walk < 32
        self.sizes = []
        h = bytearray([(len(blocks) - 1) | max_walk << 2])
        for size, head, tail, order in blocks:
            assert size % G == 0 and 0 < size <= MAX_SIZE
            assert head % G == 0 and tail % G == 0
            assert head // G < 256 and tail // G < 256
            assert head < size and tail < size - head
            h += bytes([(size // G - 1) & 0xff, (size // G - 1) >> 8,
                        head // G, tail // G, order])
            self.sizes.append(size)
        h += bytes(16 - len(h))
        self.data = h
        self.nr_ops = 0

    def op(self, op, a, b, c):
        assert all(0 <= x < 256 for x in (op, a, b, c))
        self.nr_ops += 1
        assert self.nr_ops <= MAX_OPS
        self.data += bytes([op, a, b, c])

    # kinds 0-2
    def alloc(self, size, align=G, repeat=1, mask=None, phase=0, kind=0,
              granules=False):
        """mask: 7 bits of allowed pages, or with granules a threshold."""
        if size <= 32 and size % G == 0:
            cls, a = 0, size // G - 1
        elif size <= 256 and size % G == 0:
            cls, a = 1, size // G - 1
        elif size % 32 == 0:
            cls, a = 2, size // 32 - 1
        else:
            pages = (size + SLOT - 1) // SLOT
            less = (pages * SLOT - size) // G
            assert 1 <= pages <= 32 and less < 8, size
            cls, a = 3, (pages - 1) | less << 5
        shift = align.bit_length() - 1 - 2
        assert align == G << shift and 0 <= shift <= 11
        c = 0 if mask is None else 0x80 | mask
        self.op(kind % 3 | cls << 3 | REPEAT[repeat] << 5, a,
                shift | (phase & 7) << 4 | (0x80 if granules else 0), c)

    # kinds 3-4: mode 0 by number, 1 upwards, 2 downwards, 3 every other
    def free(self, mode, target=0, block=0, repeat=1):
        self.op(3 | mode << 3 | FREE_REPEAT[repeat] << 5, target & 0xff,
                target >> 8, block)

    def free_nr(self, nr, repeat=1):
        self.free(0, nr, 0, repeat)

    def free_up(self, block, off, repeat=1):
        self.free(1, off, block, repeat)

    def free_down(self, block, off, repeat=1):
        self.free(2, off, block, repeat)

    def free_alternate(self, block, off, repeat=1):
        self.free(3, off, block, repeat)

    # kind 5
    def bad_free(self, block, off):
        self.op(5, block, (off + 32) & 0xff, (off + 32) >> 8)

    def bad_free_near(self, nr, delta):
        assert -128 <= delta < 128 and delta
        self.op(5 | 8, delta + 128, nr & 0xff, nr >> 8)

    # kind 6
    def query(self, block, off, granules=1):
        assert 1 <= granules <= 32
        self.op(6 | (granules - 1) << 3, block, off & 0xff, off >> 8)

    # kind 7: how 0 lowest first, 1 highest first, 2 list order, 3 if empty
    def recycle(self, block, how=0):
        self.op(7, block, how, 0)

    def write(self, path):
        with open(path, "wb") as f:
            f.write(self.data)


def small_size(rnd):
    """Mostly tiny objects, as percpu counters and stats are."""
    r = rnd.random()
    if r < 0.6:
        return rnd.choice([4, 8, 8, 8, 12, 16, 16, 24, 32])
    if r < 0.9:
        return rnd.randrange(1, 65) * G
    return rnd.randrange(1, 40) * 32


def random_align(rnd, p):
    if rnd.random() >= p:
        return G
    return G << rnd.choice([1, 1, 2, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11])


def random_walk(s, rnd, nr_ops, p_alloc=0.55, p_align=0.2, p_filter=0.1,
                size=small_size):
    """A mix of every operation, filling while p_alloc > 0.5."""
    nb = len(s.sizes)
    for _ in range(nr_ops):
        r = rnd.random()
        if r < p_alloc:
            mask = rnd.randrange(128) if rnd.random() < p_filter else None
            s.alloc(size(rnd), random_align(rnd, p_align),
                    rnd.choice([1, 1, 1, 1, 2, 4, 8]), mask,
                    rnd.randrange(8), rnd.randrange(3), rnd.random() < 0.3)
        elif r < p_alloc + (1 - p_alloc) * 0.8:
            mode = rnd.choice([0, 0, 1, 2, 3])
            b = rnd.randrange(nb)
            s.free(mode, rnd.randrange(s.sizes[b]) if mode else
                   rnd.randrange(65536), b, rnd.choice([1, 1, 1, 2, 4, 8]))
        elif r < p_alloc + (1 - p_alloc) * 0.9:
            b = rnd.randrange(nb)
            if rnd.random() < 0.5:
                s.bad_free(b, rnd.randrange(-32, s.sizes[b] + 32))
            else:
                d = rnd.randrange(-128, 127)
                s.bad_free_near(rnd.randrange(65536), d if d else 4)
        elif r < p_alloc + (1 - p_alloc) * 0.97:
            b = rnd.randrange(nb)
            s.query(b, rnd.randrange(s.sizes[b]), rnd.randrange(1, 33))
        else:
            s.recycle(rnd.randrange(nb), rnd.randrange(4))


def blocks(rnd, n, sizes=None):
    out = []
    for i in range(n):
        size = sizes[i] if sizes else rnd.randrange(16, 2049) * G
        head = rnd.choice([0, 0, 0, rnd.randrange(1, 64) * G])
        head = min(head, size // 2 // G * G)
        tail = rnd.choice([0, 0, 0, rnd.randrange(1, 32) * G])
        tail = min(tail, (size - head) // 2 // G * G)
        out.append((size, head, tail, rnd.randrange(256)))
    return out


def seeds():
    """(name, Seed) pairs."""
    out = []

    # Fill a block from the bottom, then free in address order (the hint
    # of prev_extent_start), upwards and downwards, and fill it again.
    s = Seed([(8192, 0, 0, 1), (4096, 0, 0, 2), (2048 + 36, 0, 0, 0)])
    for size in (4, 8, 16, 32, 8, 12):
        s.alloc(size, repeat=16)
        s.alloc(size, repeat=16)
    s.free_up(2, 0, 32)
    s.free_up(2, 0, 32)
    s.free_down(2, 2048, 32)
    for _ in range(12):
        s.alloc(256, repeat=4)
    s.free_down(0, 8192, 32)
    s.free_up(0, 0, 32)
    for _ in range(40):
        s.alloc(24, repeat=8)
        s.free_alternate(0, 0, 4)
    s.free_up(0, 0, 32)
    s.free_down(1, 4096, 32)
    out.append(("pack-drain", s))

    # Holes of every size across the pages, then aligned requests: the
    # first walk meets PCPU_MAP_MAX_WALK slots too small once aligned,
    # and the second walk (size + align - 4) finds room.
    for n in range(3):
        rnd = random.Random(100 + n)
        s = Seed([(8192, 0, 0, 3), (8192, 0, 0, 1), (6000, 64, 40, 2)][:n + 1])
        for _ in range(30):
            s.alloc(rnd.choice([4, 8, 12, 20, 28, 36, 52]), repeat=8,
                    kind=rnd.randrange(3))
        for b in range(n + 1):
            for _ in range(8):
                s.free_alternate(b, rnd.randrange(s.sizes[b]), 32)
        for _ in range(60):
            s.alloc(rnd.choice([4, 8, 16, 32, 48]),
                    G << rnd.randrange(1, 12), rnd.choice([1, 2, 4]))
            if rnd.random() < 0.3:
                s.free_nr(rnd.randrange(65536), 2)
        random_walk(s, rnd, 150, p_align=0.5)
        out.append((f"aligned-{n}", s))

    # Extents longer than a page, carved from the front (slot_move) and
    # from inside, in blocks that end part-way through a page.
    for n in range(3):
        rnd = random.Random(200 + n)
        s = Seed([(8192 - 4 * n, 12 * n, 8, 5), (1000 + 4 * n, 0, 20, 6),
                  (3000, 4, 0, 4)])
        for _ in range(40):
            s.alloc(rnd.choice([60, 64, 68, 124, 128, 132, 200, 1024, 1088]),
                    rnd.choice([4, 4, 64, 128]), kind=rnd.randrange(3))
        for _ in range(80):
            b = rnd.randrange(3)
            s.free(rnd.randrange(4), rnd.randrange(s.sizes[b]), b,
                   rnd.choice([1, 2, 4]))
            s.alloc(rnd.choice([4, 8, 36, 64, 96, 640, 2048]),
                    rnd.choice([4, 8, 64]))
        random_walk(s, rnd, 120)
        out.append((f"pages-{n}", s))

    # Equal-size slots in blocks of equal size: ties by block order, then
    # offset; one block recycled into the newest order.
    for n in range(2):
        rnd = random.Random(300 + n)
        s = Seed([(2048, 0, 0, 7), (2048, 0, 0, 7), (2048, 0, 0, 6)])
        for _ in range(3 * 16):
            s.alloc(64, repeat=1, kind=rnd.randrange(3))
        for b in range(3):
            s.free_alternate(b, 0, 32)
        for _ in range(50):
            s.alloc(rnd.choice([4, 32, 60, 64]), rnd.choice([4, 64]))
            s.free(rnd.randrange(4), rnd.randrange(2048), rnd.randrange(3))
        s.recycle(1, 0)
        s.recycle(2, 1)
        random_walk(s, rnd, 150)
        s.recycle(0, 2)
        random_walk(s, rnd, 50)
        out.append((f"ties-{n}", s))

    # Atomic-like requests: only "populated" pages (a placement filter).
    for n in range(4):
        rnd = random.Random(400 + n)
        s = Seed(blocks(rnd, 3, [8192, 4096, 2048]))
        random_walk(s, rnd, 100, p_alloc=0.7)
        for _ in range(100):
            s.alloc(small_size(rnd), random_align(rnd, 0.3),
                    rnd.choice([1, 2, 4]), rnd.randrange(128),
                    rnd.randrange(8), granules=rnd.random() < 0.3)
            if rnd.random() < 0.4:
                s.free_nr(rnd.randrange(65536), rnd.choice([1, 2]))
        random_walk(s, rnd, 100, p_filter=0.5)
        out.append((f"filter-{n}", s))

    # The first chunk: a static head and a never-free tail; bad frees of
    # every kind; queries.
    for n in range(3):
        rnd = random.Random(500 + n)
        s = Seed([(4096 + 4 * n, 1020, 124 - 4 * n, 0), (512, 0, 0, 9),
                  (8192, 252, 0, 8)], max_walk=[0, 16, 4][n])
        random_walk(s, rnd, 60, p_alloc=0.9)
        for _ in range(80):
            b = rnd.randrange(3)
            s.bad_free(b, rnd.randrange(-32, s.sizes[b] + 32))
            s.bad_free_near(rnd.randrange(65536), rnd.choice(
                [-128, -64, -8, -4, -3, -1, 1, 2, 4, 8, 12, 64, 127]))
            s.query(b, rnd.randrange(s.sizes[b]), rnd.randrange(1, 33))
            s.free_nr(rnd.randrange(65536))
            s.alloc(small_size(rnd))
        out.append((f"first-chunk-{n}", s))

    # Drain blocks completely and recycle them, several times.
    for n in range(3):
        rnd = random.Random(600 + n)
        s = Seed(blocks(rnd, 3))
        for _ in range(6):
            random_walk(s, rnd, 50, p_alloc=0.7)
            s.recycle(rnd.randrange(3), rnd.randrange(3))
            s.recycle(rnd.randrange(3), 3)
        out.append((f"recycle-{n}", s))

    # Near-full blocks: fill until nothing fits, then churn at the edge.
    for n in range(3):
        rnd = random.Random(700 + n)
        s = Seed(blocks(rnd, n + 1, [1024, 1536, 640][:n + 1]))
        for _ in range(40):
            s.alloc(rnd.choice([4, 8, 16, 32, 64, 128]), repeat=8)
        random_walk(s, rnd, 250, p_alloc=0.6,
                    size=lambda r: r.choice([4, 8, 12, 16, 24, 64, 256]))
        out.append((f"full-{n}", s))

    # Large requests: whole pages and more, with large alignments.
    for n in range(2):
        rnd = random.Random(800 + n)
        s = Seed(blocks(rnd, 3, [8192, 8192, 5000]))
        random_walk(s, rnd, 300, p_align=0.4, size=lambda r: r.choice(
            [4, 8, 64, 128, 192, 256, 512, 1024, 2016, 4096, 8192]))
        out.append((f"large-{n}", s))

    # A page with PCPU_MAP_MAX_RUNS (8) extents, the most a 64-byte page
    # holds: 7 of one granule and the page's largest, which runs on into
    # the next page.  A filter that refuses the first 7 makes the search
    # take the largest without having seen the whole page (it stops after
    # 8 extents), so slot_refresh() rescans the page with the tail's
    # length known.
    for n in range(2):
        s = Seed([(256, 0, 0, 0), (1024, 0, 0, 1)])
        s.alloc(4, repeat=16)
        s.alloc(4, repeat=16)
        s.alloc(4, repeat=16)
        s.alloc(4, repeat=16)
        s.free_alternate(0, 64, 4)
        s.free_alternate(0, 96, 2)
        s.free_alternate(0, 112, 1)
        s.free_up(0, 120, 4)
        s.alloc(4 + 4 * n, mask=14 - n, granules=True)
        s.query(0, 64, 32)
        s.alloc(4, repeat=16)
        s.free_down(0, 252, 32)
        random_walk(s, random.Random(1000 + n), 150)
        out.append((f"runs-{n}", s))

    # Random mixes of everything.
    for n in range(12):
        rnd = random.Random(900 + n)
        s = Seed(blocks(rnd, rnd.randrange(1, 4)),
                 max_walk=[0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 24][n])
        random_walk(s, rnd, rnd.randrange(150, 250), p_alloc=0.65)
        random_walk(s, rnd, rnd.randrange(100, 200), p_alloc=0.5)
        random_walk(s, rnd, rnd.randrange(50, 100), p_alloc=0.35)
        out.append((f"mix-{n:02}", s))
    return out


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "fuzz", "seeds")
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.startswith("seed-"):
            os.remove(os.path.join(d, f))
    total = ops = 0
    out = seeds()
    for name, s in out:
        s.write(os.path.join(d, f"seed-{name}"))
        total += len(s.data)
        ops += s.nr_ops
    print(f"{len(out)} seeds in {d}: {total} bytes, {ops} operations "
          f"({ops // len(out)} per seed on average)")


if __name__ == "__main__":
    main()
