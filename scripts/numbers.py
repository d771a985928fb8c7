#!/usr/bin/env python3
"""Put the measured numbers where people read them, from the results files.

    scripts/numbers.py [--check]

Every number quoted in README.md, patches/0000-cover-letter.patch and the
changelogs in patches/ comes
from bench/results.md (make bench), bench/stress.md (make stress),
bench/stress-rt.md (make stress-rt),
bench/profile.md (make profile), bench/native.md (make native),
bench/arches.md (make arches), bench/scale.md (make scale) or
bench/test-times.md (scripts/times.py: how long make test takes): this
script copies those files' tables between the markers

    <!-- BEGIN FILE -->  ...  <!-- END FILE -->          (README.md)
    [FILE]  ...  [end FILE]                              (patches/)

and writes the summary against the targets of the benchmark (BEGIN
targets) computed from bench/results.md.  Nobody types a number there.
--check exits 1 if a file is not what this script would write (make
check runs it).
"""
import re
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
RESULTS = TOP / "bench/results.md"
# make bench's results before patch 0011 (the series up to 0010), kept
# for the before/after table of free_percpu()'s cost.
BEFORE = TOP / "bench/results-before-0011.md"
# ... and before patch 0027 (the series up to 0026), for the before/after
# table of what stays populated at rest.
BEFORE_REST = TOP / "bench/results-before-0027.md"
PROFILE = TOP / "bench/profile.md"
NATIVE = TOP / "bench/native.md"
STRESS = TOP / "bench/stress.md"
STRESS_RT = TOP / "bench/stress-rt.md"
ARCHES = TOP / "bench/arches.md"
SCALE = TOP / "bench/scale.md"
TIMES = TOP / "bench/test-times.md"
README = TOP / "README.md"
COVER = TOP / "patches/0000-cover-letter.patch"


def tables(md):
    """{heading: [row dicts]} of a Markdown file's tables."""
    out, heading, cols = {}, None, None
    for line in md.splitlines():
        if line.startswith("#"):
            heading, cols = line.lstrip("# ").strip(), None
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cols is None:
                cols = cells
            elif not set("".join(cells)) <= set("-: "):
                out.setdefault(heading, []).append(dict(zip(cols, cells)))
        else:
            cols = None
    return out


def num(x):
    try:
        return float(x.replace(",", ""))
    except (AttributeError, ValueError):
        return None


def span(vals, digits=2):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "n/a"
    lo, hi = min(vals), max(vals)
    return f"{lo:.{digits}f}" if lo == hi else f"{lo:.{digits}f}-{hi:.{digits}f}"


def targets(results):
    """The benchmark's targets and what results.md says of each."""
    t = tables(results)
    seq = next((v for k, v in t.items() if k.startswith("1. seq")), [])
    other = next((v for k, v in t.items() if k.startswith("2-5.")), [])
    search = next((v for k, v in t.items() if k.startswith("6. search")), [])
    rows = []

    def row(target, vals, ok, detail=""):
        verdict = "n/a" if vals == "n/a" else ("met" if ok else "missed")
        rows.append(f"| {target} | {vals}{detail} | {verdict} |")

    # (the table has three "ratio" columns: compute each ratio here)
    alloc = [num(r["alloc ours"]) / num(r["alloc up"]) for r in seq
             if num(r["alloc up"])]
    over_half = [(r["size"], num(r["alloc ours"]) / num(r["alloc up"]))
                 for r in seq if num(r["alloc up"]) and
                 num(r["alloc ours"]) / num(r["alloc up"]) > 0.5]
    row("alloc <= 0.5x upstream, every size", span(alloc),
        alloc and max(alloc) <= 0.5,
        " (above 0.5: " + ", ".join(f"{size} B {ratio:.3f}"
                                     for size, ratio in over_half) + ")"
        if over_half else "")
    for order in ("inorder", "alternate", "reverse"):
        fr = [num(r["free ours"]) / num(r["free up"]) for r in seq
              if r["order"] == order and num(r["free up"])]
        row(f"free <= 1.0x upstream, {order}", span(fr),
            fr and max(fr) <= 1.0)
    peak = [num(r["peak kB ours"]) / num(r["peak kB up"]) for r in seq
            if num(r["peak kB up"])]
    over = [num(r["peak kB ours"]) - num(r["peak kB up"]) for r in seq
            if num(r["peak kB up"])]
    row("peak Percpu <= 1.0x upstream", span(peak, 4), peak and max(peak) <= 1.0,
        f" (ours - upstream: {min(over):+.0f} to {max(over):+.0f} kB, "
        f"at most {100 * (max(peak) - 1):.2f}% more)" if over and max(peak) > 1.0 else "")
    for r in other:
        if r["metric"].startswith("bursts: failures"):
            row("atomic bursts: no failures", r["ours"],
                num(r["ours"]) == 0, f" (upstream {r['upstream']})")
        if r["metric"].startswith("flood: failures"):
            row("atomic flood: <= 1/10 of upstream's failures", r["ours"],
                num(r["ours"]) is not None and num(r["upstream"]) is not None and
                num(r["ours"]) * 10 <= num(r["upstream"]),
                f" (upstream {r['upstream']})")
        if r["metric"].startswith("ns per fork"):
            row("fork <= 1.0x upstream", r["ratio"], num(r["ratio"]) <= 1.0)
    for r in search:
        row(f"slowest search, align {r['align']}: bounded (guest ns)",
            f"{r['slowest ours']} ns", True,
            f" (upstream {r['slowest up']} ns; failed {r['failed ours']})")
    return ("| target | measured (ours / upstream) | |\n|---|---|---|\n" +
            "\n".join(rows) + "\n")


def before_after(before, after, what, plain=False):
    """The cost of @what ("free" or "alloc") per size and order in the seq
    case of two make bench runs, each against its own upstream run; as
    Markdown, or @plain text narrow enough for a changelog."""
    def seq(md):
        t = tables(md)
        rows = next((v for k, v in t.items() if k.startswith("1. seq")), [])
        return {(r["size"], r["order"]): r for r in rows}
    b, a = seq(before), seq(after)
    up, ours = f"{what} up", f"{what} ours"
    if plain:
        out = ["                    before                after",
               "  size order     upstream  ours ratio   upstream  ours ratio"]
    else:
        out = ["| size | order | before: upstream | ours | ratio | after: upstream | ours | ratio |",
               "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for key, r in a.items():
        if key not in b:
            continue
        bu, bo = num(b[key][up]), num(b[key][ours])
        au, ao = num(r[up]), num(r[ours])
        if plain:
            out.append(f"  {key[0]:>4} {key[1]:<9} {b[key][up]:>8} {b[key][ours]:>5} "
                       f"{bo / bu:5.2f}   {r[up]:>8} {r[ours]:>5} {ao / au:5.2f}")
        else:
            out.append(f"| {key[0]} | {key[1]} | {b[key][up]} | {b[key][ours]} | "
                       f"{bo / bu:.2f} | {r[up]} | {r[ours]} | {ao / au:.2f} |")
    return "\n".join(out) + "\n"


def body(md):
    """A results file without its title, headings two levels deeper."""
    lines = md.strip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(("##" + l) if l.startswith("#") else l for l in lines).strip() + "\n"


def fill(text, begin, end, content):
    pat = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.S)
    if not pat.search(text):
        return text
    return pat.sub(lambda m: begin + "\n" + content + end, text)


def main():
    check = "--check" in sys.argv
    results = RESULTS.read_text() if RESULTS.exists() else ""
    stress = STRESS.read_text() if STRESS.exists() else ""
    stress_rt = STRESS_RT.read_text() if STRESS_RT.exists() else ""
    before = BEFORE.read_text() if BEFORE.exists() else ""
    before_rest = BEFORE_REST.read_text() if BEFORE_REST.exists() else ""
    profile = PROFILE.read_text() if PROFILE.exists() else ""
    native = NATIVE.read_text() if NATIVE.exists() else ""
    arches = ARCHES.read_text() if ARCHES.exists() else ""
    scale = SCALE.read_text() if SCALE.exists() else ""
    times = TIMES.read_text() if TIMES.exists() else ""
    parts = {"bench/results.md": body(results), "bench/stress.md": body(stress),
             "bench/stress-rt.md": body(stress_rt),
             "targets": targets(results), "free-path": before_after(before, results, "free"),
             "settled-path": before_after(before_rest, results, "settled kB"),
             "settled-path-text": before_after(before_rest, results, "settled kB", True),
             "bench/profile.md": body(profile), "bench/native.md": body(native),
             "bench/arches.md": body(arches), "bench/scale.md": body(scale),
             "bench/test-times.md": body(times)}
    bad = 0
    files = [(README, lambda n: (f"<!-- BEGIN {n} -->", f"<!-- END {n} -->"))]
    # the cover letter, and changelogs that quote a table
    files += [(p, lambda n: (f"[{n}]", f"[end {n}]"))
              for p in sorted(COVER.parent.glob("0*.patch"))]
    for path, mk in files:
        old = path.read_text()
        new = old
        for name, content in parts.items():
            new = fill(new, *mk(name), content)
        if new != old:
            if check:
                print(f"{path.relative_to(TOP)}: numbers not regenerated "
                      "(run scripts/numbers.py)")
                bad = 1
            else:
                path.write_text(new)
                print(f"{path.relative_to(TOP)}: numbers regenerated")
    return bad


if __name__ == "__main__":
    sys.exit(main())
