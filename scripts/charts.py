#!/usr/bin/env python3
"""Draw the results files as SVG charts (standard library only).

    scripts/charts.py [--check] [ratio] [stress]

  ratio   bench/results.md, section "1. seq"  ->  bench/ratio.svg
          ours / upstream time per operation, per object size: alloc, and
          free in each free order; reference lines at 1.0 (upstream) and
          0.5 (the alloc target)
  stress  bench/stress.md, its step table     ->  bench/stress.svg
          Percpu kB at the baseline and after each step, ours and upstream

With no name, both.  make bench (scripts/bench.sh) draws ratio, make
stress (scripts/stress.sh) draws stress.  Tables are read by their header
names; a missing section or column stops the script with its name.  The
SVG depends on the input file only (no date, no randomness), so --check
redraws into a temporary directory and exits 1, naming the file and
showing the first lines of the difference, if a committed SVG is not what
this script draws from the committed results (silent when they are).
Exit status 2: a results file, section or column is missing.
"""
import argparse
import difflib
import math
import re
import sys
import tempfile
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
RESULTS = "bench/results.md"
STRESS = "bench/stress.md"

FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
INK, MUTED, GRID, AXIS = "#222222", "#555555", "#e3e3e3", "#888888"
# Okabe-Ito: tells apart with the common colour-vision deficiencies; each
# series also has its own marker shape.
BLUE, VERMILION, GREEN, PURPLE = "#0072B2", "#D55E00", "#009E73", "#CC79A7"


class ChartError(Exception):
    pass


# ---------------------------------------------------------------- input

def md_tables(text):
    """[(heading, header cells, [row cells])] of a Markdown file's tables."""
    out, heading, cur = [], "", None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            heading, cur = s.lstrip("#").strip(), None
        elif s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if cur is None:
                cur = (heading, cells, [])
                out.append(cur)
            elif not set("".join(cells)) <= set("-: "):
                cur[2].append(cells)
        else:
            cur = None
    return out


def columns(path, where, header, needed):
    """Index of each needed column of a table, by header name."""
    idx = {}
    for name in needed:
        hits = [i for i, h in enumerate(header) if h == name]
        if not hits:
            raise ChartError(f"{path}, {where}: no column {name!r} "
                             f"(columns: {', '.join(header)})")
        if len(hits) > 1:
            raise ChartError(f"{path}, {where}: column {name!r} appears "
                             f"{len(hits)} times")
        idx[name] = hits[0]
    return idx


def number(path, where, col, text):
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ChartError(f"{path}, {where}: column {col!r} holds "
                         f"{text!r}, not a number") from None


def read(path):
    p = TOP / path
    if not p.exists():
        raise ChartError(f"{path}: missing (make "
                         f"{'bench' if path == RESULTS else 'stress'} writes it)")
    return p.read_text(encoding="utf-8")


def seq_ratios():
    """(sizes, [(label, {size: ratio})], note) from bench/results.md's seq table."""
    tables = md_tables(read(RESULTS))
    seq = [t for t in tables if re.match(r"1\.\s*seq\b", t[0])]
    if not seq:
        raise ChartError(f"{RESULTS}: no section \"1. seq\" (sections with a "
                         f"table: {'; '.join(t[0] for t in tables) or 'none'})")
    heading, header, rows = seq[0]
    where = 'section "1. seq"'
    need = ("size", "order", "alloc up", "alloc ours", "free up", "free ours")
    col = columns(RESULTS, where, header, need)
    if not rows:
        raise ChartError(f"{RESULTS}, {where}: the table has no rows")
    sizes, orders, alloc, free = [], [], {}, {}
    for r in rows:
        if len(r) < len(header):
            raise ChartError(f"{RESULTS}, {where}: short row: | {' | '.join(r)} |")
        v = {c: r[i] for c, i in col.items()}
        size = int(number(RESULTS, where, "size", v["size"]))
        order = v["order"]
        n = {c: number(RESULTS, where, c, v[c]) for c in need[2:]}
        for c in ("alloc up", "free up"):
            if n[c] <= 0:
                raise ChartError(f"{RESULTS}, {where}: {c} = {v[c]} "
                                 f"(size {size}, {order}): no ratio")
        if size not in sizes:
            sizes.append(size)
        if order not in orders:
            orders.append(order)
        alloc.setdefault(size, []).append(n["alloc ours"] / n["alloc up"])
        free[(size, order)] = n["free ours"] / n["free up"]
    for s in sizes:
        for o in orders:
            if (s, o) not in free:
                raise ChartError(f"{RESULTS}, {where}: no row for size {s}, {o}")
    runs = len(orders)
    series = [(f"alloc (highest of the {runs} runs)" if runs > 1 else "alloc",
               {s: max(alloc[s]) for s in sizes})]
    series += [(f"free, {o}", {s: free[(s, o)] for s in sizes}) for o in orders]
    note = None
    if runs > 1:
        spread = max(max(v) - min(v) for v in alloc.values())
        note = (f"alloc: at each size the highest of its {runs} runs' ratios "
                f"(one run per free order; they differ by {spread:.2f} at most)")
    return sizes, series, note


def stress_steps():
    """(steps, [(kernel, {step: kB or None})]) from bench/stress.md."""
    text = read(STRESS)
    kb_col = "Percpu kB before → after"
    tables = [t for t in md_tables(text) if "step" in t[1]]
    if not tables:
        raise ChartError(f"{STRESS}: no table with a \"step\" column")
    heading, header, rows = tables[0]
    where = "step table"
    col = columns(STRESS, where, header, ("step", kb_col))
    m = re.search(r"Cells with two values: ([^.]+)\.", text)
    if not m:
        raise ChartError(f"{STRESS}: no \"Cells with two values: ... .\" line "
                         "naming the kernels of each cell")
    kernels = [k.strip() for k in m.group(1).split("/")]
    if not rows:
        raise ChartError(f"{STRESS}, {where}: the table has no rows")
    steps, values = [], {k: {} for k in kernels}
    for r in rows:
        if len(r) < len(header):
            raise ChartError(f"{STRESS}, {where}: short row: | {' | '.join(r)} |")
        step, cell = r[col["step"]], r[col[kb_col]]
        parts = [p.strip() for p in cell.split(" / ")]
        if len(parts) != len(kernels):
            raise ChartError(f"{STRESS}, {where}, step {step}: {cell!r} does not "
                             f"hold one value per kernel ({' / '.join(kernels)})")
        steps.append(step)
        for k, p in zip(kernels, parts):
            if p in ("skipped", "missing", ""):
                values[k][step] = None
                continue
            mm = re.fullmatch(r"(\d+)\s*→\s*(\d+)", p)
            if not mm:
                raise ChartError(f"{STRESS}, {where}, step {step}: {k}: {p!r} "
                                 "is not \"BEFORE → AFTER\"")
            values[k][step] = int(mm.group(2))
    return steps, [(k, values[k]) for k in kernels]


# ---------------------------------------------------------------- SVG

def f(x):
    """A coordinate: two decimals at most, no trailing zeros."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def text_w(s, size):
    """Rough width of s in DejaVu Sans (for layout only)."""
    return len(s) * size * 0.6


def nice_step(span, target=6):
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def num_label(v, step):
    if step >= 1:
        return f"{v:,.0f}"
    digits = max(0, -math.floor(math.log10(step) + 1e-9))
    if step * 10 ** digits % 1:
        digits += 1
    return f"{v:.{digits}f}"


class Svg:
    def __init__(self, w, h):
        self.w, self.h, self.out = w, h, []

    def add(self, s):
        self.out.append(s)

    def text(self, x, y, s, size=12, anchor="start", fill=INK, weight=None,
             style=None, halo=False):
        extra = (f' font-weight="{weight}"' if weight else "") + \
                (f' font-style="{style}"' if style else "") + \
                (' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" '
                 'paint-order="stroke"' if halo else "")
        self.add(f'<text x="{f(x)}" y="{f(y)}" font-size="{size}" '
                 f'text-anchor="{anchor}" fill="{fill}"{extra}>{esc(s)}</text>')

    def line(self, x1, y1, x2, y2, stroke, width=1, dash=None):
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(f'<line x1="{f(x1)}" y1="{f(y1)}" x2="{f(x2)}" y2="{f(y2)}" '
                 f'stroke="{stroke}" stroke-width="{f(width)}"{d}/>')

    def polyline(self, pts, stroke, width=2.5, dash=None):
        d = f' stroke-dasharray="{dash}"' if dash else ""
        p = " ".join(f"{f(x)},{f(y)}" for x, y in pts)
        self.add(f'<polyline points="{p}" fill="none" stroke="{stroke}" '
                 f'stroke-width="{f(width)}" stroke-linejoin="round"{d}/>')

    def marker(self, shape, x, y, color, tip=None):
        r = 5
        t = f"<title>{esc(tip)}</title>" if tip else ""
        a = f'fill="{color}" stroke="#ffffff" stroke-width="1.5"'
        if shape == "circle":
            s = f'<circle cx="{f(x)}" cy="{f(y)}" r="{f(r)}" {a}>{t}</circle>'
        else:
            if shape == "square":
                q = r * 0.9
                pts = [(x - q, y - q), (x + q, y - q), (x + q, y + q), (x - q, y + q)]
            elif shape == "triangle":
                q = r * 1.2
                pts = [(x, y - q), (x + q, y + q * 0.75), (x - q, y + q * 0.75)]
            else:  # diamond
                q = r * 1.25
                pts = [(x, y - q), (x + q, y), (x, y + q), (x - q, y)]
            p = " ".join(f"{f(px)},{f(py)}" for px, py in pts)
            s = f'<polygon points="{p}" {a}>{t}</polygon>'
        self.add(s)

    def render(self, title):
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.w}" '
                f'height="{self.h}" viewBox="0 0 {self.w} {self.h}" '
                f'font-family="{FONT}" role="img" aria-label="{esc(title)}">\n'
                f'<title>{esc(title)}</title>\n'
                f'<rect width="{self.w}" height="{self.h}" fill="#ffffff"/>\n')
        return head + "\n".join(self.out) + "\n</svg>\n"


SHAPES = ("circle", "square", "triangle", "diamond")


def frame(svg, box, cats, ymin, ymax, step, xlabel, ylabel, fmt=None):
    """Grid, axes, tick labels; returns (x of category i, y of value)."""
    x0, y0, x1, y1 = box           # plot area: left, top, right, bottom
    n = len(cats)
    pad = (x1 - x0) / (2 * n)

    def X(i):
        return x0 + pad + i * (x1 - x0 - 2 * pad) / max(1, n - 1)

    def Y(v):
        return y1 - (v - ymin) / (ymax - ymin) * (y1 - y0)

    k = 0
    while True:
        v = ymin + k * step
        if v > ymax + step * 1e-6:
            break
        svg.line(x0, Y(v), x1, Y(v), GRID)
        svg.text(x0 - 8, Y(v) + 4, (fmt or num_label)(v, step), 12, "end", MUTED)
        k += 1
    svg.line(x0, y1, x1, y1, AXIS)
    svg.line(x0, y0, x0, y1, AXIS)
    for i, c in enumerate(cats):
        svg.line(X(i), y1, X(i), y1 + 5, AXIS)
        svg.text(X(i), y1 + 20, c, 12, "middle", INK)
    svg.text((x0 + x1) / 2, y1 + 42, xlabel, 13, "middle", INK)
    cy = (y0 + y1) / 2
    svg.add(f'<text x="0" y="0" font-size="13" text-anchor="middle" fill="{INK}" '
            f'transform="translate({f(x0 - 52)},{f(cy)}) rotate(-90)">'
            f'{esc(ylabel)}</text>')
    return X, Y


def legend(svg, x, y, items, title=None):
    """items: (label, color, shape or None, dash or None)"""
    if title:
        svg.text(x, y, title, 12, fill=MUTED, weight="bold")
        y += 22
    for label, color, shape, dash in items:
        svg.line(x, y - 4, x + 30, y - 4, color, 2.5 if shape else 1.5, dash)
        if shape:
            svg.marker(shape, x + 15, y - 4, color)
        svg.text(x + 40, y, label, 12)
        y += 24
    return y


def chart_ratio():
    sizes, series, note = seq_ratios()
    colors = (BLUE, VERMILION, GREEN, PURPLE)
    W, H = 860, 500
    box = (80, 70, 590, 400)
    top = max(1.0, max(v for _, d in series for v in d.values()))
    step = 0.1 if top <= 1.2 else nice_step(top)
    ymax = (math.floor(top / step + 1e-9) + 1) * step
    title = "make bench, seq: time per operation, ours / upstream"
    svg = Svg(W, H)
    svg.text(box[0] - 60, 30, title, 17, weight="bold")
    svg.text(box[0] - 60, 50, "below 1.0: ours is faster; guest ns under "
             "-icount (instructions), N objects allocated, then freed in "
             "each order", 12, fill=MUTED)
    X, Y = frame(svg, box, [str(s) for s in sizes], 0.0, ymax, step,
                 "object size (bytes)", "ratio ours / upstream")
    # reference lines
    svg.line(box[0], Y(1.0), box[2], Y(1.0), INK, 1.5, "6,4")
    svg.text(box[2] - 4, Y(1.0) - 6, "1.0 = upstream", 12, "end", INK, halo=True)
    svg.line(box[0], Y(0.5), box[2], Y(0.5), BLUE, 1.5, "6,4")
    svg.text(box[0] + 8, Y(0.5) - 6, "0.5 = alloc target", 12, "start", BLUE,
             halo=True)
    items = []
    for (label, data), color, shape in zip(series, colors * 4, SHAPES * 4):
        pts = [(X(i), Y(data[s])) for i, s in enumerate(sizes)]
        svg.polyline(pts, color)
        for (px, py), s in zip(pts, sizes):
            svg.marker(shape, px, py, color, f"{label}, {s} B: {data[s]:.2f}")
        items.append((label, color, shape, None))
    items += [("1.0: same as upstream", INK, None, "6,4"),
              ("0.5: alloc target", BLUE, None, "6,4")]
    legend(svg, box[2] + 30, box[1] + 10, items, "ours / upstream")
    if note:
        svg.text(box[0] - 60, H - 38, note, 11, fill=MUTED)
    svg.text(box[0] - 60, H - 20, f"source: {RESULTS}, section 1 (seq), "
             "written by make bench (scripts/bench.sh); drawn by "
             "scripts/charts.py ratio", 11, fill=MUTED, style="italic")
    return svg.render(title)


def chart_stress():
    steps, series = stress_steps()
    colors = {"ours": BLUE, "upstream": VERMILION}
    shapes = {"ours": "circle", "upstream": "square"}
    W, H = 900, 500
    box = (90, 70, 750, 400)
    vals = [v for _, d in series for v in d.values() if v is not None]
    if not vals:
        raise ChartError(f"{STRESS}: no Percpu value in the step table")
    step = nice_step(max(vals))
    ymax = (math.floor(max(vals) / step + 1e-9) + 1) * step
    title = "make stress: Percpu after each step, debug kernel"
    svg = Svg(W, H)
    svg.text(box[0] - 70, 30, title, 17, weight="bold")
    svg.text(box[0] - 70, 50, "Percpu of /proc/meminfo, in kB, at the baseline "
             "(before step 1) and after each step; lower is better", 12,
             fill=MUTED)
    X, Y = frame(svg, box, steps, 0, ymax, step, "step (in the order run)",
                 "Percpu (kB)")
    # value labels: at each step the higher value above its point, the
    # lower one below, so that the two never overlap
    label_pos = {}
    for i, s in enumerate(steps):
        here = sorted(((d[s], k) for k, d in series if d.get(s) is not None),
                      reverse=True)
        for rank, (v, k) in enumerate(here):
            label_pos[(k, s)] = -10 if rank == 0 else 19
    items = []
    for n, (k, d) in enumerate(series):
        color = colors.get(k, (GREEN, PURPLE)[n % 2])
        shape = shapes.get(k, SHAPES[2 + n % 2])
        runs, cur = [], []
        for i, s in enumerate(steps):
            if d[s] is None:
                if cur:
                    runs.append(cur)
                cur = []
            else:
                cur.append((i, X(i), Y(d[s])))
        if cur:
            runs.append(cur)
        for a, b in zip(runs, runs[1:]):      # across a skipped step
            svg.polyline([a[-1][1:], b[0][1:]], color, 1.5, "2,4")
        for r in runs:
            svg.polyline([p[1:] for p in r], color)
        for r in runs:
            for i, px, py in r:
                svg.marker(shape, px, py, color, f"{k}, {steps[i]}: {d[steps[i]]} kB")
                dy = label_pos[(k, steps[i])]
                if i == 0:      # left of the first point, clear of the lines
                    svg.text(px - 10, py + (-3 if dy < 0 else 11),
                             f"{d[steps[i]]}", 11, "end", color, "bold",
                             halo=True)
                else:
                    svg.text(px, py + dy, f"{d[steps[i]]}", 11, "middle",
                             color, "bold", halo=True)
        for i, s in enumerate(steps):
            if d[s] is None:
                # where the line would be: midway along the dotted connector
                prev = next((d[steps[j]] for j in range(i - 1, -1, -1)
                             if d[steps[j]] is not None), None)
                nxt = next((d[steps[j]] for j in range(i + 1, len(steps))
                            if d[steps[j]] is not None), None)
                ref = [v for v in (prev, nxt) if v is not None]
                y = Y(sum(ref) / len(ref)) if ref else Y(0)
                svg.text(X(i), y - 10, "skipped", 11, "middle", color,
                         style="italic", halo=True)
        items.append((k, color, shape, None))
    legend(svg, box[2] + 30, box[1] + 10, items, "kernel")
    svg.text(box[0] - 70, H - 20, f"source: {STRESS}, column \"Percpu kB before → "
             "after\" (after), written by make stress (scripts/stress.sh); "
             "drawn by scripts/charts.py stress", 11, fill=MUTED, style="italic")
    return svg.render(title)


CHARTS = {"ratio": ("bench/ratio.svg", chart_ratio),
          "stress": ("bench/stress.svg", chart_stress)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="redraw into a temporary directory; exit 1 if a "
                    "committed SVG differs")
    ap.add_argument("charts", nargs="*", metavar="CHART",
                    help="ratio, stress (default: both)")
    a = ap.parse_args()
    for n in a.charts:
        if n not in CHARTS:
            ap.error(f"no chart {n!r} (charts: {', '.join(CHARTS)})")
    names = list(dict.fromkeys(a.charts)) or list(CHARTS)
    try:
        drawn = {n: CHARTS[n][1]() for n in names}
    except ChartError as e:
        print(f"charts.py: {e}", file=sys.stderr)
        return 2
    if not a.check:
        for n, svg in drawn.items():
            (TOP / CHARTS[n][0]).write_text(svg, encoding="utf-8")
            print(f"{CHARTS[n][0]} written")
        return 0
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, svg in drawn.items():
            path = CHARTS[n][0]
            fresh = Path(tmp) / Path(path).name
            fresh.write_text(svg, encoding="utf-8")
            old = TOP / path
            if not old.exists():
                print(f"{path}: missing (run scripts/charts.py {n})")
                bad = 1
            elif old.read_bytes() != fresh.read_bytes():
                print(f"{path}: not what scripts/charts.py draws from the "
                      f"results (run scripts/charts.py {n})")
                diff = list(difflib.unified_diff(
                    old.read_text(encoding="utf-8", errors="replace").splitlines(),
                    fresh.read_text(encoding="utf-8").splitlines(),
                    f"{path} (committed)", f"{path} (redrawn)", n=0, lineterm=""))
                for line in diff[:12]:
                    print(f"  {line[:400]}")
                if len(diff) > 12:
                    print(f"  ... {len(diff) - 12} more diff lines")
                bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
