# SPDX-License-Identifier: GPL-2.0
#
# Top-level build of the kpatch live-patching toolchain.
#
#   make                  userspace tools (-Wall -Wextra -Werror)
#   make deps             install the Debian packages the project needs (idempotent)
#   make kernel           build (or reuse from the cache) the QEMU test kernel
#   make modules KDIR=..  kernel modules against a kernel build or headers tree
#                         (default: the test kernel)
#   make check            every test: static checks, unit tests (also under
#                         ASan+UBSan), integration tests in QEMU
#   make demo             the main job on the bundled example, in a QEMU guest
#   make bench-build      kpatch-build wall time, cold and warm
#   make bench-core       core vs klp backend: per-call cost, transition time, pause
#   make bench-cdo        create-diff-object: time and peak RSS per object pair
#   make check-fuzz       only the fuzzer stage of make check (60 s, FUZZ_TIME)
#   make fuzz             fuzz create-diff-object for FUZZ_TIME seconds (60)
#   make bench-faults     the core on the debug kernel: fault points, replace cycles, pauses
#   make install PREFIX=/usr/local DESTDIR=
#   make uninstall PREFIX=/usr/local DESTDIR=
#   make clean
#
# The test kernel and other caches live in $KPATCH_CACHE
# (default ~/.cache/kpatch), outside the repository.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(PREFIX)/bin
LIBEXECDIR := $(PREFIX)/libexec/kpatch
MANDIR := $(PREFIX)/share/man
DATADIR := $(PREFIX)/share/kpatch

# Userspace parts: every top-level component with its own Makefile.
USERSPACE_DIRS := $(patsubst %/Makefile,%,$(wildcard create-diff-object/Makefile kpatch-build/Makefile kpatch/Makefile))
MODULE_DIRS := $(patsubst %/Makefile,%,$(wildcard kmod/core/Makefile))

LAB := test/lab

.PHONY: all deps kernel modules check check-lint check-unit check-fuzz check-integration \
	demo bench-build bench-core bench-cdo bench-faults fuzz install uninstall clean help

all:
	@for d in $(USERSPACE_DIRS); do $(MAKE) -C $$d all || exit 1; done

help:
	@sed -n '3,25s/^# \{0,1\}//p' Makefile

deps:
	@scripts/install-deps

kernel: deps
	@$(LAB)/build-kernel >/dev/null

# With no KDIR, build against the test kernel (built first if needed).
modules: deps
	@kdir="$(KDIR)"; \
	if [ -z "$$kdir" ]; then kdir=$$($(LAB)/build-kernel) || exit 1; fi; \
	for d in $(MODULE_DIRS); do $(MAKE) -C $$d KDIR="$$kdir" || exit 1; done

check: deps
	@$(LAB)/build-kernel >/dev/null
	@test/check

check-lint: deps
	@test/check --no-unit --no-fuzz --no-integration

check-unit: deps kernel
	@test/check --no-lint --no-fuzz --no-integration

check-fuzz: deps
	@test/check --no-lint --no-unit --no-integration

check-integration: deps kernel
	@test/check --no-lint --no-unit --no-fuzz

demo: deps kernel all
	@examples/demo

# Benchmarks print figures; they are not tests.
bench-build: deps kernel all
	@test/bench/bench-build

bench-cdo: deps kernel all
	@$(MAKE) -s -C test/unit bench-cdo

# A long fuzz run (make check runs 60 s of it, test/fuzz-ci).
fuzz: deps
	@$(MAKE) -C create-diff-object fuzz FUZZ_TIME=$${FUZZ_TIME:-60}

bench-core: deps kernel all
	@$(MAKE) -s -C kmod/core bench KDIR="$$($(LAB)/build-kernel)"

bench-faults: deps kernel
	@test/bench/bench-faults

# kpatch-build finds its parts relative to itself: PREFIX/libexec/kpatch for
# its libraries and helpers, PREFIX/share/kpatch for the sources it builds
# modules from (the patch template and the core module).
install: all
	@for d in $(USERSPACE_DIRS); do \
		$(MAKE) -C $$d install PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" || exit 1; done
	install -D -m 0755 kpatch-build/kpatch-build "$(DESTDIR)$(BINDIR)/kpatch-build"
	install -D -m 0755 kpatch-build/kpatch-package "$(DESTDIR)$(BINDIR)/kpatch-package"
	install -d "$(DESTDIR)$(LIBEXECDIR)/lib" "$(DESTDIR)$(DATADIR)/patch-template" \
		"$(DESTDIR)$(DATADIR)/patch-template-klp" "$(DESTDIR)$(DATADIR)/core"
	install -m 0644 kpatch-build/lib/*.sh "$(DESTDIR)$(LIBEXECDIR)/lib/"
	install -m 0644 kmod/patch-template/* "$(DESTDIR)$(DATADIR)/patch-template/"
	install -m 0644 kmod/patch-template-klp/* "$(DESTDIR)$(DATADIR)/patch-template-klp/"
	install -m 0644 kmod/core/*.[ch] kmod/core/Kbuild "$(DESTDIR)$(DATADIR)/core/"
	@for p in $(wildcard man/*.[1-9]); do \
		s=$${p##*.}; \
		install -D -m 0644 "$$p" "$(DESTDIR)$(MANDIR)/man$$s/$${p##*/}" || exit 1; done

# Everything install put there: the two directories are ours alone; the
# kpatch CLI and its unit are removed by kpatch/Makefile.
uninstall:
	$(MAKE) -C kpatch uninstall PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)"
	rm -f "$(DESTDIR)$(BINDIR)/kpatch-build" "$(DESTDIR)$(BINDIR)/kpatch-package"
	rm -rf "$(DESTDIR)$(LIBEXECDIR)" "$(DESTDIR)$(DATADIR)"
	@for p in $(wildcard man/*.[1-9]); do \
		s=$${p##*.}; rm -f "$(DESTDIR)$(MANDIR)/man$$s/$${p##*/}"; done

clean:
	@for d in $(USERSPACE_DIRS); do $(MAKE) -C $$d clean; done
	rm -rf test/results
