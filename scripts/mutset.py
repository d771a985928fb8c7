#!/usr/bin/env python3
"""A set of planted mutations (mutants/*.txt) for scripts/mutants.sh and
scripts/kmutants.sh: exact, literal find/replace entries, one per mutant.

    mutset.py [--files=F1,F2] SET ids [ID...]      every id (or the IDs given,
                                                   each checked), one a line
    mutset.py [--files=F1,F2] SET list ROOT        id, file, line in ROOT's
                                                   file (or "stale: found N
                                                   times"), what: tab-separated
    mutset.py [--files=F1,F2] SET apply ID SRC DST write DST/file: SRC/file
                                                   with the mutation; print
                                                   "line"; exit 3 if stale

--files: the files a mutant may change (default: the map's,
mm/percpu-map.c and mm/percpu-map.h).
"""
import re, sys

args = sys.argv[1:]
files = ('mm/percpu-map.c', 'mm/percpu-map.h')
if args and args[0].startswith('--files='):
    files = tuple(args.pop(0)[len('--files='):].split(','))
path, cmd, args = args[0], args[1], args[2:]
ESC = {'t': '\t', 'n': '\n', '\\': '\\'}

def unescape(s, where):
    def one(m):
        if m[1] not in ESC:
            sys.exit(f'{where}: unknown escape \\{m[1]}')
        return ESC[m[1]]
    return re.sub(r'\\(.)', one, s)

muts, cur = [], None
for n, line in enumerate(open(path), 1):
    line = line.rstrip('\n')
    where = f'{path}:{n}'
    if not line.strip() or line.startswith('#'):
        continue
    m = re.fullmatch(r'\[([A-Za-z0-9_.-]+)\]', line)
    if m:
        if any(x['id'] == m[1] for x in muts):
            sys.exit(f'{where}: mutant {m[1]} defined twice')
        cur = {'id': m[1], 'where': where}
        muts.append(cur)
        continue
    m = re.match(r'(file|what|find|replace): (.*)$', line)
    if not m or cur is None or m[1] in cur:
        sys.exit(f'{where}: not an entry line (or a key twice): {line!r}')
    cur[m[1]] = unescape(m[2], where) if m[1] in ('find', 'replace') else m[2]
for x in muts:
    for k in ('file', 'what', 'find', 'replace'):
        if k not in x:
            sys.exit(f"{x['where']}: mutant {x['id']} has no {k}:")
    if x['file'] not in files:
        sys.exit(f"{x['where']}: mutant {x['id']}: file {x['file']} is not one of {', '.join(files)}")
    if x['find'] == x['replace']:
        sys.exit(f"{x['where']}: mutant {x['id']}: replace is find")

def locate(x, root):
    text = open(f"{root}/{x['file']}").read()
    n = text.count(x['find'])
    if n != 1:
        return text, None, f'stale: found {n} times'
    i = text.index(x['find'])
    return text, i, str(text.count('\n', 0, i) + 1)

if cmd == 'ids':
    known = [x['id'] for x in muts]
    for i in args:
        if i not in known:
            sys.exit(f'no mutant {i} in {path} (--list)')
    print('\n'.join(args or known))
elif cmd == 'list':
    for x in muts:
        print('\t'.join((x['id'], x['file'], locate(x, args[0])[2], x['what'])))
elif cmd == 'apply':
    x = next((x for x in muts if x['id'] == args[0]), None)
    if x is None:
        sys.exit(f'no mutant {args[0]} in {path}')
    text, i, line = locate(x, args[1])
    print(line)
    if i is None:
        sys.exit(3)
    text = text[:i] + x['replace'] + text[i + len(x['find']):]
    open(f"{args[2]}/{x['file']}", 'w').write(text)
else:
    sys.exit(f'mut: {cmd}?')
