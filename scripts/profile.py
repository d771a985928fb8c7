#!/usr/bin/env python3
"""bench/profile.md from the two boot logs of scripts/profile.sh.

    scripts/profile.py --size N --order O --upstream DESC --ours DESC UP.out OURS.out

Each log has the seq case's line (alloc_ns, free_ns: the per-operation
totals without timers, from the same run) and "pcpu_prof STEP NS" lines
(guest ns = instructions per operation, timers included).
"""
import argparse
import importlib.util
import re
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "marks", Path(__file__).with_name("profile-marks.py"))
marks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(marks)


def parse(path):
    text = Path(path).read_text(errors="replace")
    steps = {int(k): int(v) for k, v in re.findall(r"pcpu_prof (\d+) (\d+)", text)}
    m = re.search(r"case=seq .*?alloc_ns=(\d+) free_ns=(\d+)", text)
    totals = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    return steps, totals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", required=True)
    ap.add_argument("--order", required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--ours", required=True)
    ap.add_argument("logs", nargs=2)
    a = ap.parse_args()
    (up, up_tot), (ours, ours_tot) = parse(a.logs[0]), parse(a.logs[1])
    print("# make profile: the steps of pcpu_alloc() and free_percpu()\n")
    print(f"- upstream: {a.upstream}")
    print(f"- ours: {a.ours}")
    print(f"- the benchmark's seq case only: {a.size}-byte objects, freed {a.order}; "
          "configs/bench.config, QEMU TCG `-icount shift=0,sleep=off`, 4 CPUs on 2 nodes")
    print(f"- command: `scripts/profile.sh {a.size} {a.order}`; guest ns per operation "
          "(instructions), each step including one timer (the mark row); "
          "\"-\": no timer at that step in that allocator\n")
    print("| phase | step | upstream | ours |")
    print("|---|---|---:|---:|")
    for k, (phase, name) in marks.STEPS.items():
        if k not in up and k not in ours:
            continue
        cell = lambda d: str(d[k]) if k in d else "-"
        print(f"| {phase} | {name} | {cell(up)} | {cell(ours)} |")
    for i, phase in enumerate(("alloc", "free")):
        tu = sum(v for k, v in up.items() if marks.STEPS.get(k, ("",))[0] == phase)
        to = sum(v for k, v in ours.items() if marks.STEPS.get(k, ("",))[0] == phase)
        print(f"| {phase} | sum of the steps (timers included) | {tu or '-'} | {to or '-'} |")
        print(f"| {phase} | whole operation as the benchmark timed it (timers included) | "
              f"{up_tot[i] if up_tot[i] is not None else '-'} | "
              f"{ours_tot[i] if ours_tot[i] is not None else '-'} |")


if __name__ == "__main__":
    main()
