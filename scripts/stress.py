#!/usr/bin/env python3
"""Turn make stress boot logs into a table and a verdict.

    stress.py --splat-re RE [--markdown FILE] [--result FILE]
              --ours LOG [--upstream LOG]

Each log holds the guest's "STRESS step=..." lines (scripts/stress-init.sh),
"stress: begin/end NAME" kernel log markers and a kmemleak report.  Splats
are counted per step; in the misuse step the one WARNING per kind of bad
free that pcpu_bad_free() prints is expected and not counted.

Our kernel passes if every step ran and did some work (ops > 0, but for
the baseline), with no failure, no splat, the
internal checker "ok" after each step, a kmemleak scan that ran and
reported nothing, and Percpu back within TOLERANCE_KB of its value before
step 1.  The upstream column is there for comparison only.
"""
import argparse
import re
import sys

STEPS = ["baseline", "memcg", "memcg_charge", "netns", "bpf", "modules", "hotplug", "faults",
         "nomem_free", "misuse", "teardown"]
# Empty populated pages the allocator may keep: pcpu_atomic_reserve at
# rest (PCPU_EMPTY_POP_PAGES_HIGH, 16) + 2 * PCPU_EMPTY_POP_PAGES_SLACK
# (32) pages per unit, 4 units of 4 KiB (mm/percpu.c).
TOLERANCE_KB = (16 + 2 * 16) * 4 * 4
STEP_RE = re.compile(r"STRESS step=(\S+) ops=(\d+) faults=(\d+) failures=(\d+) "
                     r"before_kb=(\d+) after_kb=(\d+) check=(\S+)")
# pcpu_bad_free() is inlined into free_percpu(): its WARN_ON_ONCE()s show
# as free_percpu, one per kind of bad free, so at most three.
EXPECTED_WARN = re.compile(r"WARNING: .* at \S*mm/percpu\.c:\d+ (pcpu_bad_free|free_percpu)\+")
MAX_EXPECTED_WARN = 3


def parse(path, splat_re):
    steps, info, splats, where, expected = {}, [], {}, "boot", 0
    leaks, leak_section, scanned = 0, False, False
    with open(path, errors="replace") as f:
        lines = f.read().splitlines()
    for line in lines:
        m = re.search(r"stress: (begin|end) (\S+)", line)
        if m:
            where = m.group(2) if m.group(1) == "begin" else "between"
        m = STEP_RE.search(line)
        if m:
            steps[m.group(1)] = {
                "ops": int(m.group(2)), "faults": int(m.group(3)),
                "failures": int(m.group(4)), "before": int(m.group(5)),
                "after": int(m.group(6)), "check": m.group(7)}
        if "STRESS-INFO" in line:
            info.append(line[line.index("STRESS-INFO") + 12:])
        if re.search(splat_re, line):
            if (where == "misuse" and EXPECTED_WARN.search(line)
                    and expected < MAX_EXPECTED_WARN):
                expected += 1
            else:
                splats.setdefault(where, []).append(line)
        # the guest prints "scanned" only if kmemleak took both scans and
        # its report was read (KMEMLEAK_SCAN in initramfs.sh)
        if "=== kmemleak ===" in line:
            leak_section = True
        elif "=== end kmemleak ===" in line:
            leak_section = False
        elif leak_section and line.startswith("=== kmemleak scanned ==="):
            scanned = True
        elif leak_section and line.startswith("unreferenced object"):
            leaks += 1
    return {"steps": steps, "info": info, "splats": splats, "expected": expected,
            "leaks": leaks if scanned else None, "path": path}


def leak_text(r):
    return ("kmemleak did not run" if r["leaks"] is None
            else f"kmemleak: {r['leaks']} leaks")


def verdict(r):
    """Checks of our kernel: list of (name, ok, detail)."""
    out = []
    for s in STEPS:
        st = r["steps"].get(s)
        if st is None:
            out.append((f"{s}: ran", False, "no STRESS line"))
            continue
        if s != "baseline":	# a step that did nothing proves nothing
            out.append((f"{s}: did some work", st["ops"] > 0, f"ops={st['ops']}"))
        out.append((f"{s}: no failures", st["failures"] == 0,
                    f"{st['failures']} failures"))
        out.append((f"{s}: allocator check ok", st["check"] == "ok", st["check"]))
        n = len(r["splats"].get(s, []))
        out.append((f"{s}: no splats", n == 0, f"{n} lines"))
    if "misuse" in r["steps"]:
        out.append(("misuse: one WARNING per kind of bad free (3)",
                    r["expected"] == MAX_EXPECTED_WARN, f"{r['expected']}"))
    other = sum(len(v) for k, v in r["splats"].items() if k not in STEPS)
    out.append(("boot and between steps: no splats", other == 0, f"{other} lines"))
    out.append(("kmemleak: no leaks", r["leaks"] == 0, leak_text(r)))
    base, td = r["steps"].get("baseline"), r["steps"].get("teardown")
    if base and td:
        d = td["after"] - base["after"]
        out.append((f"Percpu back within {TOLERANCE_KB} kB of its baseline",
                    d <= TOLERANCE_KB, f"{d:+d} kB"))
    return out


def cell(r, s, key):
    if r is None:
        return ""
    st = r["steps"].get(s)
    if st is None:
        return "skipped" if s == "misuse" else "missing"
    if key == "kb":
        return f"{st['before']} → {st['after']}"
    if key == "splats":
        return str(len(r["splats"].get(s, [])))
    return str(st[key])


def table(ours, up):
    cols = ["ours"] + (["upstream"] if up else [])
    rows = ["| step | ops | faults injected | failures | Percpu kB before → after | "
            "checker | splats |",
            "|---|--:|--:|--:|--:|--:|--:|"]
    for s in STEPS:
        def both(key):
            return " / ".join(cell(r, s, key) for r in (ours, up) if r)
        rows.append(f"| {s} | {both('ops')} | {both('faults')} | "
                    f"{both('failures')} | {both('kb')} | {both('check')} | "
                    f"{both('splats')} |")
    lines = [f"Cells with two values: {' / '.join(cols)}. Ops: the operations "
             "that succeeded. Checker: "
             "/sys/kernel/debug/percpu_check after the step (n/a: the kernel "
             "has none).", ""] + rows + [""]
    for name, r in (("ours", ours), ("upstream", up)):
        if not r:
            continue
        base, td = r["steps"].get("baseline"), r["steps"].get("teardown")
        if base and td:
            lines.append(f"- {name}: Percpu {base['after']} kB before step 1, "
                         f"{td['after']} kB after teardown "
                         f"({td['after'] - base['after']:+d} kB); "
                         f"{leak_text(r)}; "
                         f"{'; '.join(r['info'])}")
    if "misuse" in ours["steps"]:
        lines.append(f"- ours: misuse printed {ours['expected']} WARNINGs, one per kind "
                     "of bad free (not a dynamic address, already free, not the start "
                     "of an allocation); they are expected and not counted as splats.")
    if up and "misuse" not in up["steps"]:
        lines.append("- upstream: misuse skipped: the bitmap allocator does not "
                     "detect these frees, and running them corrupts its state.")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--splat-re", required=True)
    ap.add_argument("--ours")
    ap.add_argument("--upstream")
    ap.add_argument("--markdown")
    ap.add_argument("--result")
    ap.add_argument("--rt", action="store_true",
                    help="the kernels were built with CONFIG_PREEMPT_RT=y")
    a = ap.parse_args()
    ours = parse(a.ours, a.splat_re) if a.ours else None
    up = parse(a.upstream, a.splat_re) if a.upstream else None
    if not ours and not up:
        sys.exit("stress.py: no log")
    text = table(ours or up, up if ours else None) if ours else table(up, None)
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            if a.rt:
                f.write("# make stress-rt\n\nProduced by `make stress-rt` "
                        "(scripts/stress.sh --rt --short both): the stress steps at "
                        "a tenth of make stress's counts on the debug kernel "
                        "(KASAN, lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_VM, kmemleak) "
                        "built with CONFIG_PREEMPT_RT=y, 4 CPUs on 2 NUMA nodes, "
                        "1 GiB, QEMU TCG.\n\n" + text)
            else:
                f.write("# make stress\n\nProduced by `make stress` "
                        "(scripts/stress.sh, scripts/stress-init.sh): the debug kernel "
                        "(KASAN, lockdep, DEBUG_VM, kmemleak), 4 CPUs on 2 NUMA nodes, "
                        "1 GiB, QEMU TCG.\n\n" + text)
    if not ours:
        return 0
    passed = failed = 0
    for name, ok, detail in verdict(ours):
        print(f"{'ok  ' if ok else 'FAIL'} stress: {name}" + ("" if ok else f" ({detail})"))
        passed += ok
        failed += not ok
    for where, lines in ours["splats"].items():
        for line in lines[:10]:
            print(f"     [{where}] {line}")
    print(f"stress: {passed} passed, {failed} failed")
    if a.result:
        with open(a.result, "w") as f:
            f.write(f"{passed} {failed}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
