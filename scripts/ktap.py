#!/usr/bin/env python3
"""The verdict on one KUnit run, from its boot log.

    ktap.py --src TREE [--result FILE] [--suite NAME...] [--skip-ok NAME...] LOG
    ktap.py --src TREE [--result FILE] --json FILE --output FILE --rc N LOG

kunit.py's JSON (TREE's own tools/testing/kunit) counts the test cases
and parameters: passed, failed (failed or crashed) and skipped.  It is
the file `kunit.py run --json=FILE` wrote, with what that run printed
(--output) and its exit status (--rc); without --json, ktap.py runs
`kunit.py parse --json` on LOG (a boot outside kunit.py).  The run is
complete only if

- kunit.py (run or parse) exits 0 and its summary reports no errors;
- the KTAP has its top-level plan ("1..N" suites) and N suites ran;
- every suite has its plan ("1..N" cases) and N cases ran;
- every suite declared in TREE's mm/tests/*.c ran (or every one named
  with --suite), with a plan of as many cases as its kunit_case array
  declares (a filtered or shortened run fails).

Each problem is printed; so are the "not ok" lines of the log with the
lines just before them (the EXPECTATION FAILED messages) and any skip.
A skip counts as a failure unless SKIP_OK or a --skip-ok argument (a
kernel on which the case cannot apply, e.g. !SMP) names it.  Writes
"<passed> <failed> <skipped> <problems>" to FILE; exits 0 only if
nothing failed and there is no problem.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap

# Skips that are not failures: "suite.case" or "suite.case.param" -> why.
# On x86_64 every case of both suites runs; a kernel where one cannot
# (!SMP, KASAN_VMALLOC, PREEMPT_RT) names it with --skip-ok.
SKIP_OK = {}

TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
RESULT = re.compile(r"^( *)(ok|not ok) \d+ (.*?)(?: # SKIP(.*))?$")
HEADER = re.compile(r"^( *)# Subtest: (\S+)$")
PLAN = re.compile(r"^( *)1\.\.(\d+)$")
STRUCTURE = re.compile(r"^ *(ok |not ok |1\.\.|# Subtest:|KTAP version)")
CONTEXT = 10		# lines shown before a "not ok"
SHOWN = 20		# results shown at most


def declared(src):
    """{suite: (cases, file)} from the kunit_suite structs in mm/tests."""
    out = {}
    for path in sorted(glob.glob(os.path.join(src, "mm/tests/*.c"))):
        with open(path) as f:
            text = f.read()
        arrays = {m[1]: len(re.findall(r"\bKUNIT_CASE\w*\(", m[2]))
                  for m in re.finditer(r"struct kunit_case (\w+)\[\] = \{(.*?)\n\};",
                                       text, re.S)}
        for m in re.finditer(r"struct kunit_suite \w+ = \{(.*?)\n\};", text, re.S):
            name = re.search(r'\.name = "([^"]+)"', m[1])
            cases = re.search(r"\.test_cases = (\w+)", m[1])
            if name and cases:
                out[name[1]] = (arrays.get(cases[1], 0), os.path.relpath(path, src))
    return out


def scan(path):
    """Top-level plan, {suite: plan}, results (name, ok/not ok, skip
    reason, lines up to the result) and the lines after the last KTAP line
    of a boot log, timestamps stripped."""
    with open(path, errors="replace") as f:
        lines = [TIMESTAMP.sub("", l.rstrip()) for l in f]
    top, plans, results, suite, case, last = None, {}, [], None, None, -1
    for i, line in enumerate(lines):
        m = HEADER.match(line)
        if m:
            if len(m[1]) == 4:
                suite, case = m[2], None
            elif len(m[1]) == 8:
                case = m[2]
            last = i
            continue
        m = PLAN.match(line)
        if m:
            if m[1] == "" and top is None:
                top = int(m[2])
            elif len(m[1]) == 4 and suite and suite not in plans:
                plans[suite] = int(m[2])
            last = i
            continue
        m = RESULT.match(line)
        if m:
            depth = len(m[1]) // 4
            name = ".".join(([suite] if depth >= 1 else []) +
                            ([case] if depth == 2 else []) + [m[3]])
            before = [l for l in lines[last + 1:i] if l.strip()][-CONTEXT:]
            block = textwrap.dedent("\n".join(before + [line])).split("\n")
            results.append((name, m[2], m[4], block))
            if depth == 1:
                case = None
            last = i
        elif STRUCTURE.match(line):
            last = i
    after = [l for l in lines[last + 1:] if l.strip()][:CONTEXT]
    return top, plans, results, after


def kunit_results(json_path, output, rc):
    """kunit.py's verdict: (exit status, summary line, JSON tree)."""
    try:
        with open(json_path) as f:
            tree = json.load(f)
    except (OSError, ValueError):
        tree = {}
    summary = re.findall(r"Testing complete\. (.*)", output)
    return rc, summary[-1] if summary else "", tree


def kunit_parse(src, log):
    """kunit_results of `kunit.py parse --json` on LOG."""
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        p = subprocess.run([sys.executable, "tools/testing/kunit/kunit.py", "parse",
                            f"--json={tmp.name}", os.path.abspath(log)],
                           cwd=src, capture_output=True, text=True)
        return kunit_results(tmp.name, p.stdout, p.returncode)


def allowed(name):
    return name in SKIP_OK or name.rsplit(".", 1)[0] in SKIP_OK


def leaves(group, path=()):
    """(suite.case[.param], status) of every test case and parameter."""
    for c in group.get("test_cases", []):
        yield ".".join(path + (c["name"],)), c["status"]
    for g in group.get("sub_groups", []):
        yield from leaves(g, path + (g["name"],))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--result")
    ap.add_argument("--suite", action="append",
                    help="expect only these declared suites (a kernel whose "
                         "Kconfig builds only some, e.g. !SMP)")
    ap.add_argument("--skip-ok", action="append", default=[],
                    help="suite.case (or suite.case.param) whose skip is expected "
                         "on this kernel")
    ap.add_argument("--json", help="the JSON file of `kunit.py run --json=FILE`")
    ap.add_argument("--output", help="what that kunit.py run printed")
    ap.add_argument("--rc", type=int, help="that kunit.py run's exit status")
    ap.add_argument("log")
    a = ap.parse_args()
    SKIP_OK.update((name, "expected on this kernel") for name in a.skip_ok)

    if a.json:
        if a.output is None or a.rc is None:
            ap.error("--json needs --output and --rc")
        with open(a.output, errors="replace") as f:
            rc, summary, tree = kunit_results(a.json, f.read(), a.rc)
        how = "run"
    else:
        rc, summary, tree = kunit_parse(a.src, a.log)
        how = "parse"
    top, plans, results, after = scan(a.log)
    print(f"kunit.py: {summary or 'no summary'}")
    problems = []
    if rc:
        problems.append(f"kunit.py {how} exited {rc}")
    errors = re.search(r"errors: (\d+)", summary)
    if not summary:
        problems.append("kunit.py printed no summary")
    elif errors:
        problems.append(f"kunit.py reports {errors[1]} errors")
    suites = tree.get("sub_groups", [])
    if top is None:
        problems.append("no top-level KTAP plan (1..N suites)")
    elif top != len(suites):
        problems.append(f"top-level plan {top} suites, {len(suites)} ran")
    for s in suites:
        n = len(s.get("test_cases", [])) + len(s.get("sub_groups", []))
        if s["name"] not in plans:
            problems.append(f"suite {s['name']}: no plan (1..N cases)")
        elif plans[s["name"]] != n:
            problems.append(f"suite {s['name']}: plan {plans[s['name']]} cases, {n} ran")
    ran = {s["name"] for s in suites}
    for name, (cases, path) in declared(a.src).items():
        if a.suite and name not in a.suite:
            continue
        if name not in ran:
            problems.append(f"suite {name} ({path}, {cases} cases) did not run")
        elif name in plans and plans[name] != cases:
            problems.append(f"suite {name}: plan {plans.get(name)} cases, "
                            f"{path} declares {cases}")

    passed = failed = skipped = crashed = 0
    for name, status in leaves(tree):
        if status == "PASS":
            passed += 1
        elif status == "SKIP":
            skipped += 1
            failed += not allowed(name)
        else:
            failed += 1
            crashed += status == "ERROR"
    if passed + failed + skipped == 0:
        problems.append("no test case ran")
    # A suite or a parameterized case can report "not ok" while every
    # case or parameter under it passed (its exit or a check outside the
    # cases failed): kunit.py's JSON keeps no status for groups, the KTAP
    # does.
    failing = {n for n, st in leaves(tree)
               if st not in ("PASS", "SKIP") or (st == "SKIP" and not allowed(n))}
    for name, status, _, _ in results:
        if status == "not ok" and not any(f == name or f.startswith(name + ".")
                                          for f in failing):
            problems.append(f"{name}: not ok, though every case in it passed")

    for p in problems:
        print(f"problem: {p}")
    bad = [r for r in results if r[1] == "not ok" or
           (r[2] is not None and not allowed(r[0]))]
    for name, status, skip, lines in bad[:SHOWN]:
        print(f"{name}: {status if skip is None else 'skipped'}")
        for line in lines if status == "not ok" else lines[-1:]:
            print(f"     {line}")
    if len(bad) > SHOWN:
        print(f"... and {len(bad) - SHOWN} more not ok or skipped results")
    if crashed:
        print(f"{crashed} crashed; the log after its last KTAP line:")
        for line in after:
            print(f"     {line}")
    print(f"KUnit: {passed} passed, {failed} failed, {skipped} skipped, "
          f"{len(problems)} problems")
    if a.result:
        with open(a.result, "w") as f:
            f.write(f"{passed} {failed} {skipped} {len(problems)}\n")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
