#!/bin/bash
# Coverage of mm/percpu-map.c by the fuzzer of tools/testing/percpu, into
# bench/fuzz-coverage.md.
#
#   scripts/fuzz-coverage.sh [SECONDS]
#
#  1. Fuzzes for SECONDS (default 30; 0: no fuzzing) as scripts/userspace.sh
#     does: the committed seeds (fuzz/seeds, written by
#     scripts/fuzz-seeds.py) copied into build/out/fuzz-corpus, which keeps
#     what earlier runs found; two thirds of the time map_fuzz (64-byte
#     pages), one third map_fuzz8 (256-byte pages).
#  2. Builds the coverage variants of the fuzzer (make -C
#     tools/testing/percpu coverage: clang -fprofile-instr-generate
#     -fcoverage-mapping, no sanitizers; 64- and 256-byte pages) and runs
#     them once over the seeds alone, then over build/out/fuzz-corpus
#     (seeds and what fuzzing found); and the unit tests' variant (make
#     coverage-test), to tell what only they reach.  llvm-profdata and
#     llvm-cov (Debian: llvm-14) do the rest.
#  3. Writes bench/fuzz-coverage.md: line, region, function and branch
#     coverage of mm/percpu-map.c for each, the depth of the inputs, and
#     every region of mm/percpu-map.c the fuzzer never reaches, with the
#     reason it cannot.  The reasons are the table REASONS at the end of
#     this script, matched by function and by the text of the line, so
#     that they survive edits that move lines.  A region no reason matches
#     is listed as UNEXPLAINED: reach it with a seed (scripts/fuzz-seeds.py)
#     or add the reason.
#
# Raw reports (llvm-cov report, show, export) stay in
# build/out/fuzz-coverage/{seeds,all}/.  Runs under nice -n 19.
. "$(dirname "$0")/lib.sh"

secs=${1:-30}
t=$KSRC/tools/testing/percpu
cov=$OUT/fuzz-coverage
seeds=$TOP/fuzz/seeds
corpus=$OUT/fuzz-corpus
md=$TOP/bench/fuzz-coverage.md
max_len=4096	# FUZZ_MAX_LEN of the Makefile: 1020 operations
mk() { nice -n 19 make -s -C "$t" "$@"; }

[ -d "$seeds" ] || die "no $seeds: run scripts/fuzz-seeds.py"
mkdir -p "$cov" "$corpus"
cp "$seeds"/seed-* "$corpus"/
if [ "$secs" -gt 0 ]; then
	mk map_fuzz map_fuzz8 > "$cov/build.log" 2>&1 ||
		{ cat "$cov/build.log"; die "map_fuzz does not build"; }
	fuzz() {
		(cd "$OUT" &&
		 nice -n 19 "$t/map_fuzz" -max_total_time=$((secs - secs / 3)) \
			-max_len=$max_len -print_final_stats=1 fuzz-corpus &&
		 nice -n 19 "$t/map_fuzz8" -max_total_time=$((secs / 3)) \
			-max_len=$max_len -print_final_stats=1 fuzz-corpus) \
			> "$cov/fuzz.log" 2>&1
	}
	step "fuzzing mm/percpu-map.c for $secs s" fuzz ||
		{ grep -E 'ERROR|SUMMARY|crash-|^step' "$cov/fuzz.log" | head; die "the fuzzer failed"; }
fi

run_cov() {
	mk coverage COV_DIR="$cov/seeds" COV_INPUTS="$seeds" > "$cov/seeds.log" 2>&1 &&
	mk coverage COV_DIR="$cov/all" COV_INPUTS="$corpus" > "$cov/all.log" 2>&1
}
step "coverage of the seeds and of the corpus" run_cov ||
	{ tail -20 "$cov/seeds.log" "$cov/all.log"; die "make coverage failed"; }
# the unit tests may fail (their own verdict is scripts/userspace.sh's)
mk coverage-test COV_DIR="$cov/test" > "$cov/test.log" 2>&1 ||
	echo "note: make coverage-test failed, see $cov/test.log" >&2

python3 - "$KSRC" "$cov" "$seeds" "$corpus" "$secs" "$md" <<'EOF'
import json, os, re, subprocess, sys, time

ksrc, cov, seeds, corpus, secs, md = sys.argv[1:]
SRC = os.path.join(ksrc, "mm/percpu-map.c")
lines = open(SRC).read().split("\n")


def load(name, file="export.json"):
    """llvm-cov export of run @name, or None."""
    try:
        return json.load(open(os.path.join(cov, name, file)))["data"][0]
    except (OSError, ValueError):
        return None


def totals(d):
    for f in d["files"]:
        if f["filename"] == SRC:
            return f["summary"]


def zero_regions(d):
    """(function, line start, col, line end, col) of every code region of
    percpu-map.c itself that never ran."""
    out = set()
    for f in d["functions"]:
        name = f["name"].split(":")[-1]
        for ls, cs, le, ce, count, fid, _, kind in f["regions"]:
            if count == 0 and kind == 0 and f["filenames"][fid] == SRC:
                out.add((name, ls, cs, le, ce))
    return out


def pct(s, key):
    c, n = s[key]["covered"], s[key]["count"]
    return f"{c}/{n} ({100.0 * c / n:.2f}%)" if n else "-"


def depth(d):
    sizes = sorted(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    if not sizes:
        return "none"
    ops = [min(1024, max(0, (s - 16 + 3) // 4)) for s in sizes]
    med = len(sizes) // 2
    return (f"{len(sizes)} inputs, {sizes[0]}/{sizes[med]}/{sizes[-1]} bytes "
            f"(min/median/max), {ops[0]}/{ops[med]}/{ops[-1]} operations")


# (function regex, line-text regex, why the fuzzer cannot get there)
REASONS = [
    (r"^pcpu_map_check$|^pcpu_pool_check$|^pcpu_map_fail$",
     r"pcpu_map_fail|^\{|\*why = msg|return -EINVAL",
     "a checker's failure: only a corrupt map gets there, and the fuzzer "
     "stops at the first disagreement; the unit tests corrupt maps on "
     "purpose"),
    (r"^pcpu_in_size_tree$", r"return false",
     "checker: a slot missing from the size tree (a corrupt pool)"),
    (r"^pcpu_check_key_cmp$", r"return 0",
     "checker: two slots with the same (size, order, offset) key; the keys "
     "of a valid pool are distinct (distinct block orders, distinct "
     "offsets in a block)"),
    (r"^slot_key_cmp$", r"a->size < size",
     "defensive: slot_stays(), its only caller, compares only with a "
     "neighbour of the same size"),
    (r"^map_next_zero_bit$", r"return size",
     "defensive: the callers (slot_first_extent(), slot_next_extent()) "
     "start below the end of the page; the same guard in map_next_bit() "
     "is reached"),
    (r"^pcpu_map_add_free$", r"^return;$",
     "WARN_ON_ONCE: a caller's misuse (free space added twice, an empty "
     "or out-of-block region); neither the kernel nor the harness does it"),
    (r"^pcpu_map_alloc$", r"return false",
     "WARN_ON_ONCE: a pcpu_fit that does not describe room for the "
     "allocation; pcpu_pool_best_fit() never returns one (the unit tests "
     "pass a bad one on purpose)"),
    (r"^prev_extent_start$", r"last_bit_in\(map->bound, 0, g\)",
     "WARN_ON_ONCE: no slot holds the extent before a page-long run of "
     "free space, which only a corrupt map allows"),
    (r"^slot_best_fit$", r"if \(!found && extent_fits\(map, s->off",
     "kernel-only: the fallback to the slot's extent when it is not among "
     "the first PCPU_MAP_MAX_RUNS (8) extents of its page; a 64-byte page "
     "of the userspace build (16 granules) has at most 8 extents, so the "
     "loop always sees the slot's own extent; with 4 KB pages (1024 "
     "granules) a page can hold 512"),
]


def reason(func, text):
    for fre, tre, why in REASONS:
        if re.search(fre, func) and re.search(tre, text):
            return why
    return "UNEXPLAINED: add a seed (scripts/fuzz-seeds.py) or a reason"


runs = {"seeds6": load("seeds", "export6.json"), "seeds": load("seeds"),
        "all6": load("all", "export6.json"), "all": load("all"),
        "test": load("test", "map_test-export.json")}
if not runs["seeds"] or not runs["all"]:
    sys.exit("no coverage export: make coverage failed")
test_zero = zero_regions(runs["test"]) if runs["test"] else None

head = subprocess.run(["git", "-C", ksrc, "log", "-1", "--format=%h %s"],
                      capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "-C", ksrc, "status", "--porcelain", "--",
                        "mm/percpu-map.c", "tools/testing/percpu"],
                       capture_output=True, text=True).stdout.strip()
out = []
w = out.append
w("# Fuzzer coverage of mm/percpu-map.c\n")
w("Written by `scripts/fuzz-coverage.sh` "
  f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}), tree at "
  f"`{head}`{' with uncommitted changes' if dirty else ''}: clang "
  "source-based coverage (`make -C tools/testing/percpu coverage`) of the "
  "libFuzzer target run once over its inputs, built with 64-byte pages "
  "(`map_fuzz`, as fuzzed by default) and with 256-byte pages "
  "(`map_fuzz8`); the unit tests (`map_test`) for comparison.\n")
w("| inputs | lines | regions | functions | branches |")
w("|---|---|---|---|---|")
names = {"seeds6": "seeds (`fuzz/seeds`), 64-byte pages (`map_fuzz`)",
         "seeds": "seeds, 64- and 256-byte pages (`map_fuzz`, `map_fuzz8`)",
         "all6": "seeds + corpus (`build/out/fuzz-corpus`"
                 + (f", after {secs} s of fuzzing" if int(secs) else
                    ", as earlier runs left it") + "), 64-byte pages",
         "all": "seeds + corpus, 64- and 256-byte pages",
         "test": "unit tests (`map_test`, 64-byte pages), for comparison"}
for k in ("seeds6", "seeds", "all6", "all", "test"):
    if runs[k]:
        s = totals(runs[k])
        w(f"| {names[k]} | {pct(s, 'lines')} | {pct(s, 'regions')} | "
          f"{pct(s, 'functions')} | {pct(s, 'branches')} |")
w("")
w("Depth of the inputs (operations: 4 bytes each after a 16-byte header, "
  "at most 1024):\n")
w(f"- seeds: {depth(seeds)}")
w(f"- corpus: {depth(corpus)}")
# fuzz.log: the final stats of map_fuzz, then of map_fuzz8
stats = []
try:
    for line in open(os.path.join(cov, "fuzz.log")):
        m = re.match(r"stat::(\w+):\s*(\d+)", line)
        if m:
            if m.group(1) == "number_of_executed_units":
                stats.append({})
            stats[-1][m.group(1)] = m.group(2)
except OSError:
    pass
if int(secs) and stats:
    w(f"- the {secs} s run (the time includes running the corpus once at "
      "the start): " + "; ".join(
          f"`{name}` {st.get('number_of_executed_units', '?')} inputs "
          f"executed ({st.get('average_exec_per_sec', '?')}/s), "
          f"{st.get('new_units_added', '?')} added to the corpus"
          for name, st in zip(("map_fuzz", "map_fuzz8"), stats)))
w("")

zero = sorted(zero_regions(runs["all"]), key=lambda r: (r[1], r[2]))
only8 = sorted(zero_regions(runs["all6"]) - zero_regions(runs["all"]),
               key=lambda r: (r[1], r[2]))
if only8:
    w("Reached only with 256-byte pages (`map_fuzz8`), where a page holds "
      "more extents than PCPU_MAP_MAX_RUNS (8), as kernel pages do: "
      + ", ".join(sorted({f"{r[1]} (`{r[0]}`)" for r in only8})) + ".\n")

w("## Never reached by the fuzzer\n")
w("Every code region of `mm/percpu-map.c` with a count of 0 over seeds and "
  "corpus (a line may hold several, e.g. both sides of `?:`), with whether "
  "the unit tests reach it and why fuzzing cannot.\n")
w("| line | function | code | unit tests | why |")
w("|---|---|---|---|---|")
unexplained = 0
seen, said = set(), set()
for func, ls, cs, le, ce in zero:
    text = lines[ls - 1].strip()
    # sub-regions of a line already listed (the parts of an expression)
    if (func, ls) in seen:
        continue
    seen.add((func, ls))
    why = reason(func, text)
    unexplained += why.startswith("UNEXPLAINED")
    if why in said:
        why = "as above"
    said.add(why)
    span = f"{ls}" if le == ls else f"{ls}-{le}"
    if test_zero is None:
        t = "?"
    else:
        t = "no" if any(z[0] == func and z[1] == ls for z in test_zero) \
            else "yes"
    code = text.replace("|", "\\|")
    if len(code) > 70:
        code = code[:67] + "..."
    w(f"| {span} | `{func}` | `{code}` | {t} | {why} |")
if not zero:
    w("| - | - | - | - | every region was reached |")
w("")
w(f"{len(seen)} lines with unreached regions, {unexplained} unexplained.")
open(md, "w").write("\n".join(out) + "\n")
print(f"{md}: {len(seen)} lines with unreached regions, "
      f"{unexplained} unexplained")
for k in ("seeds6", "seeds", "all6", "all"):
    s = totals(runs[k])
    print(f"{k}: lines {pct(s, 'lines')}, regions {pct(s, 'regions')}, "
          f"functions {pct(s, 'functions')}, branches {pct(s, 'branches')}")
EOF
