#!/usr/bin/env python3
"""Copy named definitions out of kernel sources, unchanged, into one header.

    extract.py SPEC ROOT TAG OUTDIR

SPEC is a list of lines (blank lines and lines starting with '#' ignored):

    file PATH                 the source the following lines take from:
                              ROOT/PATH, named TAG/PATH in #line directives
    function NAME             a function definition, signature to closing brace
    macro NAME                a #define, with its continuation lines
    struct NAME               a struct definition, 'struct NAME {' to '};'
    region NAME FUNC START | END
                              lines of function FUNC, from the line that reads
                              START (stripped) to the next line that reads END;
                              END '}' means the brace that closes START's line

Definitions go to OUTDIR/STEM.h (STEM: SPEC's name without .spec), in SPEC
order; a region, statements to be included inside a function of the
harness, goes to OUTDIR/STEM-NAME.h.  Each item is preceded by a #line
directive that
points at the original file and line, so that compiler messages and
profiles name the kernel's source.  An item that is not found, or found
more than once, is an error: the script names every one and exits 1,
so a stale SPEC (a function renamed or moved) never builds silently.
"""
import os
import re
import sys


def strip_code(text):
    """@text with comments, strings and char literals blanked (same length,
    newlines kept), so that braces and names are found only in code."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            j += 1
        else:
            i += 1
            continue
        for k in range(i, min(j, n)):
            if out[k] != '\n':
                out[k] = ' '
        i = j
    return ''.join(out)


def match_brace(code, open_pos):
    """Index just past the brace that closes the one at @open_pos."""
    depth = 0
    for k in range(open_pos, len(code)):
        if code[k] == '{':
            depth += 1
        elif code[k] == '}':
            depth -= 1
            if depth == 0:
                return k + 1
    raise ValueError('unbalanced braces')


class Source:
    def __init__(self, path, label):
        self.path, self.label = path, label or path
        with open(path) as f:
            self.text = f.read()
        self.code = strip_code(self.text)

    def line_of(self, pos):
        return self.text.count('\n', 0, pos) + 1

    def line_start(self, pos):
        return self.text.rfind('\n', 0, pos) + 1

    def item(self, start, end):
        """(first line number, text) of [start, end), whole lines."""
        start = self.line_start(start)
        nl = self.text.find('\n', end)
        end = len(self.text) if nl < 0 else nl + 1
        return self.line_of(start), self.text[start:end]

    def functions(self, name):
        """Definitions of function @name: [(start, end)].  A definition
        starts at column 0 (return type, possibly on the line before the
        name) and its parameter list is followed by '{', not ';'."""
        found = []
        for m in re.finditer(r'^[A-Za-z_][^;{}()]*?\b%s\s*\(' % re.escape(name),
                             self.code, re.M):
            # skip the parameter list, then expect the body
            depth, k = 0, m.end() - 1
            while k < len(self.code):
                if self.code[k] == '(':
                    depth += 1
                elif self.code[k] == ')':
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            rest = self.code[k + 1:]
            body = re.match(r'\s*(__[a-z_]+\s*)*\{', rest)
            if not body:
                continue		# a prototype or a call
            open_pos = k + 1 + body.end() - 1
            start = m.start()
            # "static __always_inline int\nname(" : the type on the line before
            prev = self.code.rfind('\n', 0, max(start - 1, 0))
            prev_line = self.code[prev + 1:start].strip()
            if start and re.match(r'^(static\b|[a-z_]+\s+\**$)', prev_line) \
                    and not prev_line.endswith((';', '}', '{', '*/')):
                start = prev + 1
            found.append((start, match_brace(self.code, open_pos)))
        return found

    def macros(self, name):
        found = []
        for m in re.finditer(r'^#\s*define\s+%s\b' % re.escape(name),
                             self.text, re.M):
            end = m.start()
            while True:
                nl = self.text.find('\n', end)
                if nl < 0:
                    end = len(self.text)
                    break
                if not self.text[:nl].endswith('\\'):
                    end = nl
                    break
                end = nl + 1
            found.append((m.start(), end))
        return found

    def structs(self, name):
        found = []
        for m in re.finditer(r'^struct\s+%s\s*\{' % re.escape(name),
                             self.code, re.M):
            end = match_brace(self.code, m.end() - 1)
            if self.code[end:end + 1] != ';':
                continue
            found.append((m.start(), end + 1))
        return found

    def region(self, func, first, last):
        defs = self.functions(func)
        if len(defs) != 1:
            return defs and [None, None] or []
        fstart, fend = defs[0]
        lines = self.text[fstart:fend].split('\n')
        offs = [fstart]
        for ln in lines:
            offs.append(offs[-1] + len(ln) + 1)
        starts = [i for i, ln in enumerate(lines) if ln.strip() == first]
        if len(starts) != 1:
            return [None] * len(starts)
        s = starts[0]
        if last == '}':
            open_pos = self.code.find('{', offs[s], offs[s + 1])
            if open_pos < 0:
                return []
            return [(offs[s], match_brace(self.code, open_pos))]
        for i in range(s + 1, len(lines)):
            if lines[i].strip() == last:
                return [(offs[s], offs[i] + len(lines[i]))]
        return []


def main(spec_path, root, tag, outdir):
    src, errors, chunks, regions = None, [], [], {}
    for lineno, raw in enumerate(open(spec_path), 1):
        line = '' if raw.lstrip().startswith('#') else raw.strip()
        if not line:
            continue
        kind, _, arg = line.partition(' ')
        arg = arg.strip()
        where = '%s:%d' % (spec_path, lineno)
        if kind == 'file':
            try:
                src = Source(root + '/' + arg, tag + '/' + arg)
            except OSError as e:
                errors.append('%s: %s' % (where, e))
                src = None
            continue
        if src is None:
            errors.append('%s: no readable file for %s' % (where, line))
            continue
        if kind == 'function':
            found = src.functions(arg)
        elif kind == 'macro':
            found = src.macros(arg)
        elif kind == 'struct':
            found = src.structs(arg)
        elif kind == 'region':
            name, _, arg = arg.partition(' ')
            func, _, rest = arg.partition(' ')
            first, _, last = (s.strip() for s in rest.partition('|'))
            found = src.region(func, first, last)
        else:
            errors.append('%s: unknown item %r' % (where, kind))
            continue
        if len(found) != 1:
            errors.append('%s: %s %s: %s in %s' % (
                where, kind, arg, 'not found' if not found else
                'found %d times' % len(found), src.label))
            continue
        first_line, text = src.item(*found[0])
        text = '#line %d "%s"\n%s' % (first_line, src.label, text)
        if kind == 'region':
            regions[name] = text
        else:
            chunks.append(text)
    if errors:
        for e in errors:
            print('extract: ' + e, file=sys.stderr)
        print('extract: %d item(s) missing: extraction incomplete' % len(errors),
              file=sys.stderr)
        return 1
    stem = os.path.join(outdir, os.path.basename(spec_path)[:-len('.spec')])
    head = ('/* Generated by scripts/native/extract.py from %s and %s: '
            'do not edit. */\n' % (os.path.basename(spec_path), tag))
    outputs = {stem + '.h': '\n'.join(chunks)}
    for name, text in regions.items():
        outputs['%s-%s.h' % (stem, name)] = text
    for path, text in outputs.items():
        with open(path, 'w') as f:
            f.write(head + text)
    print('extract: %d items from %s (%s)' % (len(chunks) + len(regions),
                                             os.path.basename(spec_path), tag))
    return 0


if __name__ == '__main__':
    if len(sys.argv) != 5 or not sys.argv[1].endswith('.spec'):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
