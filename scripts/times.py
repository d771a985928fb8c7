#!/usr/bin/env python3
"""How long make test and make test-more take, step by step, cold and warm.

    scripts/times.py record cold|warm [--note TEXT]
                                        the last run's times (build/out/
                                        times-*.tsv) into bench/test-times.json
                                        and bench/test-times.md; TEXT says
                                        what else the machine did meanwhile
    scripts/times.py write [--check]    bench/test-times.md from the .json
    scripts/times.py expect TARGET      one line: what TARGET should take
    scripts/times.py cold TARGET STEP [LIKE...]
                                        seconds STEP took on a fresh machine;
                                        if it was never timed there, the sum
                                        of the LIKE steps' ("target:step"),
                                        else 900

A run is "cold" when make test started with an empty ccache and no kernel
built (a fresh machine: what CI gets when it lands on a new one); record
refuses to call any other run cold.  "warm" is a run on a machine where
the same steps ran before (ccache filled, build/ present): what a
developer gets from the second run on.  The steps are those scripts/test.sh
and scripts/test-more.sh time with `phase`, and "tree" (make tree:
packages, unpacking the source, applying the series), timed by .ci/run.
"""
import json
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
OUT = TOP / "build/out"
JSON = TOP / "bench/test-times.json"
MD = TOP / "bench/test-times.md"
TARGETS = ("test", "test-more")
UNKNOWN = 900   # seconds assumed for a step never timed cold


def load():
    return json.loads(JSON.read_text()) if JSON.exists() else {}


def mmss(s):
    return f"{s // 60}:{s % 60:02d}"


def run_steps(target):
    """[(step, seconds, rc)] of the last run of TARGET, from build/out."""
    p = OUT / f"times-{target}.tsv"
    if not p.exists():
        return []
    steps = []
    for line in p.read_text().splitlines():
        name, secs, rc = line.split("\t")
        steps.append((name, int(secs), int(rc)))
    return steps


def header():
    """The facts test.sh wrote when the run started (key=value lines)."""
    p = OUT / "times-start.env"
    if not p.exists():
        return {}
    return dict(line.split("=", 1) for line in p.read_text().splitlines() if "=" in line)


def record(kind, note=""):
    h = header()
    if not h:
        sys.exit("no build/out/times-start.env: run make test first")
    if kind == "cold" and (h.get("ccache_files") != "0" or h.get("built") != "no"):
        sys.exit(f"that run was not cold: it started with {h.get('ccache_files')} "
                 f"files in ccache and kernels built: {h.get('built')}")
    steps = {t: run_steps(t) for t in TARGETS}
    tree = OUT / "times-tree.tsv"
    if tree.exists():
        name, secs, rc = tree.read_text().split("\t")
        steps["test"].insert(0, (name, int(secs), int(rc)))
    if not steps["test"]:
        sys.exit("no build/out/times-test.tsv: run make test first")
    data = load()
    data[kind] = {**h, "steps": steps, "note": note}
    JSON.write_text(json.dumps(data, indent=1) + "\n")
    MD.write_text(table(data))
    print(f"{kind} times recorded in {JSON.relative_to(TOP)} and {MD.relative_to(TOP)}")


def table(data):
    out = ["# make test and make test-more: time per step\n",
           "Written by `scripts/times.py record cold|warm` from the steps' own",
           "timing (`phase` in scripts/lib.sh; `tree`, timed by .ci/run, is make",
           "tree: packages, unpacking the source, applying the series).  Cold:",
           "make test started with an empty ccache and no kernel built; warm: the",
           "same commands run again on a machine where they ran before.\n"]
    for kind in ("cold", "warm"):
        r = data.get(kind)
        if r:
            out.append(f"- {kind}: {r.get('date', '?')}, commit {r.get('commit', '?')}, "
                       f"Linux {r.get('base', '?')}, {r.get('cpus', '?')} CPUs, "
                       f"load average at the start {r.get('load', '?')}, "
                       f"{'CI (.ci/run, fresh clone)' if r.get('ci') == 'true' else 'by hand'}"
                       + (f"; {r['note']}" if r.get("note") else ""))
    out.append("")
    out.append("| target | step | cold | warm |")
    out.append("|---|---|---:|---:|")
    grand = {"cold": 0, "warm": 0}
    for t in TARGETS:
        names = []	# in the order of the newest run
        for kind in ("warm", "cold"):
            for name, _, _ in data.get(kind, {}).get("steps", {}).get(t, []):
                if name not in names:
                    names.append(name)
        tot = {}
        for name in names:
            cells = []
            for kind in ("cold", "warm"):
                s = {n: v for n, v, _ in data.get(kind, {}).get("steps", {}).get(t, [])}
                if name in s:
                    tot[kind] = tot.get(kind, 0) + s[name]
                    cells.append(mmss(s[name]))
                else:
                    cells.append("-")
            out.append(f"| make {t} | {name} | {cells[0]} | {cells[1]} |")
        cells = [f"**{mmss(tot[k])}**" if k in tot else "-" for k in ("cold", "warm")]
        for k in tot:
            grand[k] += tot[k]
        out.append(f"| make {t} | **total** | {cells[0]} | {cells[1]} |")
    cells = [mmss(grand[k]) if k in data else "-" for k in ("cold", "warm")]
    out.append(f"| both | **total** | {cells[0]} | {cells[1]} |")
    return "\n".join(out) + "\n"


def total(kind, target):
    steps = load().get(kind, {}).get("steps", {}).get(target, [])
    return sum(s for _, s, _ in steps) if steps else None


def expect(target):
    c, w = total("cold", target), total("warm", target)
    if c is None and w is None:
        print(f"make {target}: no time recorded yet (bench/test-times.md)")
        return
    part = []
    if c is not None:
        part.append(f"about {c // 60} min on a fresh machine")
    if w is not None:
        part.append(f"{w // 60} min when run before on this one")
    print(f"make {target}: expect {', '.join(part)} (bench/test-times.md)")


def cold_secs(target, step):
    for name, secs, _ in load().get("cold", {}).get("steps", {}).get(target, []):
        if name == step:
            return secs
    return None


def cold(target, step, like):
    secs = cold_secs(target, step)
    if secs is None and like:
        parts = [cold_secs(*t.split(":", 1)) for t in like]
        secs = sum(parts) if None not in parts else None
    print(UNKNOWN if secs is None else secs)


def main(argv):
    if argv[:1] == ["record"] and len(argv) in (2, 4) and argv[1] in ("cold", "warm") \
            and (len(argv) == 2 or argv[2] == "--note"):
        record(argv[1], argv[3] if len(argv) == 4 else "")
    elif argv[:1] == ["write"]:
        want = table(load())
        if "--check" in argv and not JSON.exists() and not MD.exists():
            return
        if "--check" in argv:
            if not MD.exists() or MD.read_text() != want:
                sys.exit("bench/test-times.md is not what scripts/times.py writes from bench/test-times.json")
        else:
            MD.write_text(want)
    elif len(argv) == 2 and argv[0] == "expect" and argv[1] in TARGETS:
        expect(argv[1])
    elif len(argv) >= 3 and argv[0] == "cold" and argv[1] in TARGETS:
        cold(argv[1], argv[2], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
