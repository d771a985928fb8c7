#!/usr/bin/env python3
"""The harness's own verdicts, tested on made-up logs.

    scripts/selftest.py --src TREE --splat-re RE

Every verdict of make test reads a log: ktap.py (KUnit), stress.py (make
stress) and the splat pattern (SPLAT_RE in lib.sh).  A verdict that
passes a bad log hides a failure, so each is fed logs it must pass and
logs it must fail: a "not ok" parameterized case whose parameters all
passed, a stress step that did no work, the reports the kernel prints
in other words than "WARNING:" and "BUG:".  Ends with "N passed, N
failed".
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def ktap(parent="ok", leaf="ok"):
    return f"""KTAP version 1
1..1
    KTAP version 1
    # Subtest: selftest
    # module: selftest
    1..2
    {leaf} 1 case_a
        KTAP version 1
        # Subtest: case_b
        ok 1 param-1
        ok 2 param-2
    {parent} 2 case_b
{"ok" if parent == leaf == "ok" else "not ok"} 1 selftest
"""


STEPS = ["baseline", "memcg", "memcg_charge", "netns", "bpf", "modules", "hotplug",
         "faults", "nomem_free", "misuse", "teardown"]


def stress(zero_ops_step=None):
    out = []
    for s in STEPS:
        ops = 0 if s in ("baseline", zero_ops_step) else 10
        out.append(f"stress: begin {s}")
        out.append(f"STRESS step={s} ops={ops} faults=0 failures=0 "
                   f"before_kb=1000 after_kb=1000 check=ok")
        if s == "misuse":
            for i in range(3):
                out.append(f"WARNING: CPU: 0 PID: 1 at mm/percpu.c:{100 + i} free_percpu+0x1/0x2")
        out.append(f"stress: end {s}")
    out += ["=== kmemleak ===", "=== kmemleak scanned ===", "=== end kmemleak ==="]
    return "\n".join(out) + "\n"


# Lines each of which a boot-log scan must count as a splat.
SPLATS = [
    "WARNING: CPU: 1 PID: 42 at mm/percpu.c:1 pcpu_alloc+0x10/0x20",
    "WARNING: possible circular locking dependency detected",
    "WARNING: inconsistent lock state",
    "BUG: sleeping function called from invalid context at mm/percpu.c:1",
    "BUG: KASAN: use-after-free in pcpu_free_area+0x1/0x2",
    "watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/1:1:42]",
    "watchdog: Watchdog detected hard LOCKUP on cpu 1",
    "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
    "rcu: INFO: rcu_preempt self-detected stall on CPU",
    "INFO: task kworker/0:1:12 blocked for more than 122 seconds.",
    "UBSAN: shift-out-of-bounds in mm/percpu.c:1:2",
    "Oops: general protection fault, probably for non-canonical address",
    "percpu: allocation failed, size=8 align=8 atomic=1, alloc from reserved chunk failed",
]
CLEAN = [
    "percpu: Embedded 59 pages/cpu s203928 r8192 d28520 u1048576",
    "ok 1 pcpu_test_warn_bad_input",
    "rcu: Hierarchical RCU implementation.",
    "watchdog: Delayed init of the lockup detector failed: -19",
]


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--splat-re", required=True)
    a = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        def verdict(name, text, tool, want_ok):
            path = os.path.join(tmp, name)
            with open(path, "w") as f:
                f.write(text)
            if tool == "ktap":
                cmd = [sys.executable, f"{HERE}/ktap.py", "--src", a.src,
                       "--suite", "selftest", path]
            else:
                cmd = [sys.executable, f"{HERE}/stress.py", "--splat-re",
                       a.splat_re, "--ours", path]
            ok = (run(cmd) == 0) == want_ok
            results.append((f"{tool}.py {'passes' if want_ok else 'fails'} {name}", ok))

        verdict("a complete KUnit run", ktap(), "ktap", True)
        verdict("a failed case", ktap(leaf="not ok"), "ktap", False)
        verdict("a not-ok parameterized case whose parameters passed",
                ktap(parent="not ok"), "ktap", False)
        verdict("a stress run where every step worked", stress(), "stress", True)
        for s in ("netns", "faults"):
            verdict(f"a stress run whose {s} step did nothing", stress(s), "stress", False)
    splat = re.compile(a.splat_re)
    for line in SPLATS:
        results.append((f"SPLAT_RE counts: {line[:60]}", bool(splat.search(line))))
    for line in CLEAN:
        results.append((f"SPLAT_RE leaves: {line[:60]}", not splat.search(line)))
    for name, ok in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    failed = sum(not ok for _, ok in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
