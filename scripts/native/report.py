#!/usr/bin/env python3
"""bench/native.md from the run files of scripts/native.sh.

    report.py [--runs R --cpu C --secs S --command CMD --compiler CC
               --cpu-model M --upstream SRC --ours SRC] RUNFILE...

A run file is the output of one native-SIDE process: "side=... case=...
key=value" lines.  Per cell: the median of the R runs and their spread
(min-max); ratio = ours' median / upstream's median.
"""
import argparse
import re
import statistics
import sys


def parse(paths):
    """{(side, case key): {metric: [values]}} and {cell: N or ops}."""
    vals, sizes = {}, {}
    for path in paths:
        for line in open(path):
            kv = dict(re.findall(r'(\w+)=(\S+)', line))
            if 'case' not in kv:
                continue
            if kv['case'] == 'seq':
                cell = ('seq', int(kv['size']), kv['order'])
                metrics = ('alloc_ns', 'free_ns')
                sizes[cell] = kv['n']
            else:
                cell = (kv['case'],)
                metrics = ('ns_per_op',)
                sizes[cell] = kv['ops']
            d = vals.setdefault((kv['side'], cell), {})
            for m in metrics + ('blocks',):
                d.setdefault(m, []).append(float(kv[m]))
    return vals, sizes


def cell(values):
    med = statistics.median(values)
    return med, '%.1f (%.1f-%.1f)' % (med, min(values), max(values))


def ratio(ours, up):
    return '%.2f' % (ours / up) if up else '-'


def main():
    ap = argparse.ArgumentParser()
    for opt in ('runs', 'cpu', 'secs', 'command', 'compiler', 'cpu-model',
                'upstream', 'ours'):
        ap.add_argument('--' + opt, default='?')
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    vals, sizes = parse(a.files)
    cells = sorted({c for (_, c) in vals if c[0] == 'seq'},
                   key=lambda c: (c[1], ['inorder', 'alternate', 'reverse'].index(c[2])))
    nruns = {s: len(vals.get((s, ('churn',)), {}).get('ns_per_op', []))
             for s in ('upstream', 'ours')}

    out = []
    w = out.append
    w('Produced by `%s`: a native userspace A/B benchmark of the two '
      "allocators' area cores on this machine's caches (a second measure "
      'besides `make bench`, which counts guest instructions under QEMU).' % a.command)
    w('')
    w('- measured: what `pcpu_alloc()` and `free_percpu()` do under `pcpu_lock` '
      'to find, take and give back an area of a `GFP_KERNEL` request.  '
      'Upstream: the base `mm/percpu.c` chunk-slot walk of `pcpu_alloc()` '
      '(`restart:` to `goto restart;`), `pcpu_find_block_fit()`, '
      '`pcpu_alloc_area()`, `pcpu_free_area()`, the block and chunk hint '
      'functions and `pcpu_chunk_relocate()`.  Ours: the series '
      "`mm/percpu-map.c`, compiled unchanged, and the series `mm/percpu.c`'s "
      '`pcpu_alloc()` search loop, `pcpu_alloc_area()` (`pcpu_pool_best_fit()`, '
      'then `pcpu_map_alloc()`, fit callback NULL), `pcpu_free_area()` '
      '(`__pcpu_map_free()`) and the empty-page counting they do.  The kernel '
      'code of both is copied unchanged out of the sources by '
      '`scripts/native/extract.py` (the `.spec` files name every function, '
      'macro, struct and region); the bit operations of both are the '
      "kernel's (`tools/include`, `lib/bitmap.c`, `lib/find_bit.c`; "
      '`__ffs`/`__fls`/`fls` one instruction, `set_bit()` locked, as on x86-64).')
    w('- not measured, on either side: population, zeroing every unit, '
      '`pcpu_lock` and `pcpu_alloc_mutex` (no-ops: one thread), memcg and '
      "alloc-tag hooks, kmemleak, tracing, the size/alignment checks, "
      "`free_percpu()`'s lookup of the chunk by address (the driver hands "
      'the chunk over) and its balance check, the balance work (no chunk '
      'is ever released or depopulated).  Blocks are created on demand '
      'inside the timed loops on both sides (`pcpu_alloc_chunk()` of each, '
      'metadata zeroed at once as `kzalloc()`/`vzalloc()` do, no vmalloc '
      'area, every page counted as populated).')
    w('- blocks: %s kB (the unit size of the benchmark kernel, `u1048576`); '
      'no first chunk, no reserved region; every case starts from an empty '
      'allocator.' % 1024)
    w('- patterns: the kernel benchmark\'s seq case (N objects allocated, '
      'then freed in order, alternating (even indices first, then the odd '
      'ones) or in reverse; alignment: the size below 8, else 8) with '
      'N = min(2^18, 64 MiB / size), the kernel\'s rule with 2^18 in place '
      'of 2^20 (so 2^18 up to 256 bytes and 2^16 at 1024 bytes), and its '
      'churn case (its size and lifetime mix, `prandom_u32_state()`, seed '
      '2004, 200,000 steps; ns per step: the frees that expire plus one '
      'allocation).')
    w('- timing: `clock_gettime(CLOCK_MONOTONIC)` around each phase, ns per '
      'operation; %s runs of each side, each run a fresh process pinned with '
      '`taskset -c %s`, the sides alternating which runs first.  Cells: '
      'median of the runs (min-max); ratio = ours / upstream of the medians.'
      % (a.runs, a.cpu))
    w('- checks (outside the timed loops, but for two counters): every '
      'allocation succeeded, every free returned the size allocated, the '
      'live areas after each allocation phase lie in their block at their '
      'alignment and do not overlap, the allocator\'s own check passed after '
      'each phase (ours: `pcpu_map_check()` and `pcpu_pool_check()`; '
      'upstream: free bytes against the bitmap, each chunk in its slot), '
      'everything was free at the end of each case, no WARN_ON fired: all '
      'passed in every run.')
    w('- machine: %s, 2 cores, shared with kernel builds of other jobs: '
      'a run can be slowed by them, so read the medians and the spread, not '
      'single runs.' % a.cpu_model)
    w('- compiler: %s; the allocator objects with `-O2` and the x86-64 '
      "kernel's code generation flags that matter here (no SSE, "
      '`-fno-strict-aliasing`, `-fno-strict-overflow`, no stack protector, '
      'no PIE).' % a.compiler)
    w('- upstream: %s' % a.upstream)
    w('- ours: %s' % a.ours)
    w('- runs took %s s (%s runs of each side)' % (a.secs, a.runs))
    w('')
    w('#### seq: ns per operation, median of %s runs (min-max)' % a.runs)
    w('')
    w('| size | order | N | blocks up | blocks ours | alloc up | alloc ours | ratio '
      '| free up | free ours | ratio |')
    w('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for c in cells:
        up, ours = vals[('upstream', c)], vals[('ours', c)]
        au, aus = cell(up['alloc_ns'])
        ao, aos = cell(ours['alloc_ns'])
        fu, fus = cell(up['free_ns'])
        fo, fos = cell(ours['free_ns'])
        w('| %d | %s | %s | %d | %d | %s | %s | %s | %s | %s | %s |' % (
            c[1], c[2], sizes[c], max(up['blocks']), max(ours['blocks']),
            aus, aos, ratio(ao, au), fus, fos, ratio(fo, fu)))
    w('')
    w('#### churn: ns per step, median of %s runs (min-max)' % a.runs)
    w('')
    w('| case | steps | blocks up | blocks ours | upstream | ours | ratio |')
    w('|---|---:|---:|---:|---:|---:|---:|')
    c = ('churn',)
    up, ours = vals[('upstream', c)], vals[('ours', c)]
    u, us = cell(up['ns_per_op'])
    o, os_ = cell(ours['ns_per_op'])
    w('| churn | %s | %d | %d | %s | %s | %s |' % (
        sizes[c], max(up['blocks']), max(ours['blocks']), us, os_, ratio(o, u)))
    if nruns['upstream'] != nruns['ours']:
        w('')
        w('(runs: upstream %d, ours %d)' % (nruns['upstream'], nruns['ours']))
    print('\n'.join(out))


if __name__ == '__main__':
    sys.exit(main())
