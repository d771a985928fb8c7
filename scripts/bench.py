#!/usr/bin/env python3
"""Turn two test_percpu_alloc boot logs into one side-by-side Markdown table.

usage: bench.py --version V --upstream DESC --ours DESC --cmdline C UP.out OURS.out
"""
import argparse
import re


def parse(path):
    rows = []
    for line in open(path, errors='replace'):
        m = re.search(r'test_percpu_alloc: case=(\S+) (.*)', line)
        if m:
            kv = dict(x.split('=', 1) for x in m.group(2).split() if '=' in x)
            kv['case'] = m.group(1)
            rows.append(kv)
    return rows


def pick(rows, case, **match):
    for r in rows:
        if r['case'] == case and all(r.get(k) == v for k, v in match.items()):
            return r
    return {}


def ratio(a, b):
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return 'n/a'
    if a == 0:
        return '-' if b == 0 else 'inf'
    return f'{b / a:.2f}'


def main():
    ap = argparse.ArgumentParser()
    for opt in ('version', 'upstream', 'ours', 'cmdline'):
        ap.add_argument('--' + opt, required=True)
    ap.add_argument('up')
    ap.add_argument('ours_log')
    a = ap.parse_args()
    up, ours = parse(a.up), parse(a.ours_log)
    out = []
    p = out.append

    p('# make bench: upstream allocator vs ours\n')
    p(f'- kernel: Linux {a.version}, configs/bench.config on allnoconfig')
    p(f'- upstream: base + tests and benchmark ({a.upstream})')
    p(f'- ours: the whole series ({a.ours})')
    p('- QEMU TCG `-icount shift=0,sleep=off`, 4 CPUs in 2 sockets, 2 NUMA nodes, 2 GiB;'
      ' times are guest ns (instructions)')
    p(f'- kernel command line: `{a.cmdline}`')
    p('- command: `make bench`; ratio = ours / upstream\n')

    p('## 1. seq: allocate N, free in order / alternating / reverse (ns per op, Percpu kB)\n')
    p('| size | order | N | alloc up | alloc ours | ratio | free up | free ours | ratio '
      '| peak kB up | peak kB ours | ratio | settled kB up | settled kB ours '
      '| meta kB up | meta kB ours | failed up | failed ours |')
    p('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for r in (x for x in up if x['case'] == 'seq'):
        o = pick(ours, 'seq', size=r['size'], order=r['order'])
        p(f"| {r['size']} | {r['order']} | {r['n']} | {r['alloc_ns']} | {o.get('alloc_ns', '-')} "
          f"| {ratio(r['alloc_ns'], o.get('alloc_ns'))} | {r['free_ns']} | {o.get('free_ns', '-')} "
          f"| {ratio(r['free_ns'], o.get('free_ns'))} | {r['peak_kb']} | {o.get('peak_kb', '-')} "
          f"| {ratio(r['peak_kb'], o.get('peak_kb'))} | {r['settled_kb']} | {o.get('settled_kb', '-')} "
          f"| {r.get('meta_kb', '-')} | {o.get('meta_kb', '-')} "
          f"| {r.get('failed', '-')} | {o.get('failed', '-')} |")
    fails = [(r['size'], r['order'], r['failed']) for r in up + ours
             if r['case'] == 'seq' and r.get('failed') not in (None, '0')]
    if fails:
        p(f'\nseq allocation failures: {fails}')

    p('\n## 2-5. churn, atomic, concurrency, fork\n')
    p('| case | metric | upstream | ours | ratio |')
    p('|---|---|---:|---:|---:|')
    metrics = [
        ('churn', 'ns_per_op', 'ns per op (alloc + expiring frees)'),
        ('churn', 'failed', 'failed allocations'),
        ('churn', 'live_bytes', 'live bytes per CPU at the end'),
        ('churn', 'populated_kb', 'Percpu kB at the end'),
        ('churn', 'ratio_x1000', 'populated bytes per live byte (x1000)'),
        ('churn_end', 'settled_kb', 'Percpu kB after freeing all, settled'),
        ('atomic_burst', 'ok', 'bursts: successes'),
        ('atomic_burst', 'failed', 'bursts: failures'),
        ('atomic_flood', 'ok', 'flood: successes'),
        ('atomic_flood', 'failed', 'flood: failures'),
        ('conc', 'ops_per_sec', 'alloc+free ops per guest second, 4 CPUs'),
        ('conc', 'failed', 'failed allocations'),
        ('fork', 'ns_per_fork', 'ns per fork-equivalent'),
        ('fork', 'failed', 'failed allocations'),
    ]
    for case, key, desc in metrics:
        u, o = pick(up, case).get(key, '-'), pick(ours, case).get(key, '-')
        p(f'| {case} | {desc} | {u} | {o} | {ratio(u, o)} |')
    p('\n`conc` runs under `-icount`, which serializes all vCPUs in one TCG thread:'
      ' its ops/s count instructions per operation, not parallelism or lock contention.')

    if any(r['case'] == 'search' for r in up + ours):
        r0 = pick(up, 'search') or pick(ours, 'search')
        p(f"\n## 6. search: {r0.get('holes', '?')} free 4-byte holes, none 8-byte aligned;"
          " 4-byte allocations at each alignment, each timed alone (guest ns)\n")
        p('| align | median up | median ours | ratio | slowest up | slowest ours | ratio '
          '| failed up | failed ours |')
        p('|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
        for r in (x for x in up if x['case'] == 'search'):
            o = pick(ours, 'search', align=r['align'])
            p(f"| {r['align']} | {r['median_ns']} | {o.get('median_ns', '-')} "
              f"| {ratio(r['median_ns'], o.get('median_ns'))} | {r['max_ns']} "
              f"| {o.get('max_ns', '-')} | {ratio(r['max_ns'], o.get('max_ns'))} "
              f"| {r['failed']} | {o.get('failed', '-')} |")
    print('\n'.join(out))


if __name__ == '__main__':
    main()
