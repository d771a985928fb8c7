# Percpu block allocator for Linux 6.12: the series in patches/ and the
# harness that builds, boots and tests it.  See README.md.
#
#   make run      build the patched kernel, boot it in QEMU, print a report
#   make test     what catches most, about 50 min cold (README: what it runs)
#   make test-more the rest: !SMP, arm64, i386, 64 CPUs, PREEMPT_RT, every
#                 prefix builds, W=1 + sparse, no-KUnit build, docs, the
#                 kernel-core mutants (BUDGET=s)
#   make tree     build/linux: base 6.12 source + patches/ as git commits
#   make export   build/linux's commits back into patches/
#   make bench    upstream allocator vs ours, side by side: bench/results.md
#   make stress   memcg/netns/module churn, hotplug, fault injection, bad
#                 frees on the debug kernel, ours vs upstream: bench/stress.md
#   make stress-rt the short stress steps on PREEMPT_RT debug kernels,
#                 ours vs upstream: bench/stress-rt.md
#   make profile  the steps of alloc and free, upstream vs ours, in guest
#                 instructions (SIZE=1024 ORDER=alternate): bench/profile.md
#   make native   upstream's and our area cores natively in userspace, on the
#                 host's caches (R runs, default 7): bench/native.md
#   make fuzz     userspace unit tests + fuzzer of mm/percpu-map.c
#                 (FUZZ_TIME seconds, default 300)
#   make mutants  the mutation gate of those tests: each planted bug of
#                 mutants/percpu-map.txt, alone on a scratch copy, must be
#                 caught by map_test or MUTANT_FUZZ_TIME s (default 20)
#                 of map_fuzz: bench/mutants.md
#   make kmutants the mutation test of the KUnit suites: each planted bug of
#                 mutants/percpu-core.txt (mm/percpu.c), alone in a scratch
#                 worktree, must turn a boot of both suites red:
#                 bench/kmutants.md
#   make check    checkpatch, get_maintainer, every prefix builds, W=1 +
#                 sparse, kernel-doc
#   make docs     Documentation/mm as HTML (build/out/docs)
#   make kunit    the two percpu KUnit suites alone (patched kernel), verdict
#   make prefixes build and boot every prefix of the series with its KUnit
#                 suites (bisectability): bench/prefixes.md
#   make shell    boot the patched kernel to a busybox shell
#   make clean    remove build/ (ccache stays)

SHELL := /bin/bash
S := scripts

.PHONY: all deps tree export test test-more kunit prefixes run bench profile native stress stress-rt arches scale fuzz mutants kmutants check docs shell clean
FUZZ_TIME ?= 300

all: test

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh

export:
	@$(S)/export.sh

test: tree
	@$(S)/test.sh

test-more: tree
	@BUDGET=$(BUDGET) $(S)/test-more.sh

kunit: tree
	@$(S)/kunit.sh

prefixes: tree
	@$(S)/prefixes.sh

run: tree
	@$(S)/run.sh

bench: tree
	@$(S)/bench.sh

profile: tree
	@$(S)/profile.sh $(SIZE) $(ORDER)

native: tree
	@$(S)/native.sh

stress: tree
	@$(S)/stress.sh

stress-rt: tree
	@$(S)/stress.sh --rt --short both

arches: tree
	@$(S)/arches.sh

scale: tree
	@$(S)/scale.sh

fuzz: tree
	@$(S)/userspace.sh $(FUZZ_TIME)

mutants: tree
	@$(S)/mutants.sh

kmutants: tree
	@$(S)/kmutants.sh

check: tree
	@$(S)/check.sh

docs: tree
	@$(S)/docs.sh

shell: tree
	@$(S)/run.sh --shell

clean:
	rm -rf build
