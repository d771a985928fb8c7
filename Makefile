# Percpu block allocator for Linux 6.12: the series in patches/ and the
# harness that builds, boots and tests it.  See README.md.
#
#   make run      build the patched kernel, boot it in QEMU, print a report
#   make test     checkpatch + the percpu KUnit suite; "N passed, N failed"
#   make tree     build/linux: base 6.12 source + patches/ as git commits
#   make export   build/linux's commits back into patches/
#   make bench    upstream allocator vs ours, side by side: bench/results.md
#   make shell    boot the patched kernel to a busybox shell
#   make clean    remove build/ (ccache stays)

SHELL := /bin/bash
S := scripts

.PHONY: all deps tree export test run bench shell clean

all: test

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh

export:
	@$(S)/export.sh

test: tree
	@$(S)/test.sh

run: tree
	@$(S)/run.sh

bench: tree
	@$(S)/bench.sh

shell: tree
	@$(S)/run.sh --shell

clean:
	rm -rf build
