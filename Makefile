# azlab — build into build/, install under PREFIX.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/sbin
DATADIR  = $(PREFIX)/share/azlab
MANDIR  ?= $(PREFIX)/share/man
# systemd searches /usr/local/lib/systemd/system too; for PREFIX=/usr on
# Debian, pass UNITDIR=/lib/systemd/system.
UNITDIR ?= $(PREFIX)/lib/systemd/system
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
VERSION  = 0.1.0

CC      ?= cc
PKGS     = libmnl yaml-0.1 json-c
# CFLAGS is the user's (make CFLAGS=-O0 keeps the rest); AZ_CFLAGS is
# what every build of azlab's sources needs, the fuzzers' (clang) too.
CFLAGS  ?= -O2 -g
AZ_CFLAGS = -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wformat=2 \
           -D_GNU_SOURCE -DAZLAB_VERSION='"$(VERSION)"' \
           -DAZLAB_DATADIR='"$(DATADIR)"' -iquote src \
           -pthread $(shell pkg-config --cflags $(PKGS))
ALL_CFLAGS = $(AZ_CFLAGS) $(SAN_CFLAGS) $(CFLAGS)
AZ_LDLIBS = $(shell pkg-config --libs $(PKGS)) -pthread

# Sanitizer build: make SAN=1
ifeq ($(SAN),1)
SAN_CFLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer
SAN_LDFLAGS = -fsanitize=address,undefined
endif

B        = build
# src/<layer>/*.c; scripts/check-layers.sh says which layer may
# include which (docs/architecture.md).
LAYERS   = $(notdir $(wildcard src/*))
SRCS     = $(wildcard src/*/*.c)
OBJS     = $(SRCS:src/%.c=$(B)/obj/%.o)
LIBOBJS  = $(filter-out $(B)/obj/cli/main.o,$(OBJS))

TEST_SRCS = $(wildcard tests/unit/check_*.c)
TESTS     = $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)
CHECK_LIBS = $(shell pkg-config --libs check)

all: layers $(B)/azlab

# A lower layer never includes a higher one.
layers:
	@bash scripts/check-layers.sh

$(B)/obj/%.o: src/%.c | $(B)/obj
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libazlab.a: $(LIBOBJS)
	$(AR) rcs $@ $^

$(B)/azlab: $(B)/obj/cli/main.o $(B)/libazlab.a
	$(CC) $(SAN_LDFLAGS) $(LDFLAGS) -o $@ $^ $(AZ_LDLIBS) $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libazlab.a | $(B)/tests
	$(CC) $(ALL_CFLAGS) -MMD -MP -DTEST_DATADIR='"$(CURDIR)/tests/unit/data"' \
	  -DLAB_DIR='"$(CURDIR)/lab"' $(SAN_LDFLAGS) $(LDFLAGS) -o $@ $< \
	  $(B)/libazlab.a $(CHECK_LIBS) $(AZ_LDLIBS) $(LDLIBS)

$(B)/obj $(B)/tests:
	mkdir -p $@

# Unit tests (Check); no root needed.
unit: $(TESTS)
	@rc=0; for t in $(TESTS); do CK_FORK=yes $$t || rc=1; done; exit $$rc

# Integration tests: real namespaces, needs root.
integration: all
	bash tests/integration/run.sh

check: unit integration

bench: all
	bash scripts/bench.sh

# Scale: hub-and-spoke labs of 25, 50, 100 and 200 sites brought up,
# verified and down (scripts/bench-scale.sh -n "..." for others); figures
# in docs/performance.md. Needs root.
bench-scale: all
	bash scripts/bench-scale.sh

# Soak and fault test: SOAK_CYCLES of up -> verify -> down with random
# SIGKILLs; 0 failures and 0 leaks, or exit 1. Needs root.
SOAK_CYCLES ?= 100
soak: all
	bash scripts/soak.sh -n $(SOAK_CYCLES)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lab
	install -m 0755 $(B)/azlab $(DESTDIR)$(BINDIR)/azlab
	install -m 0644 lab/*.yaml $(DESTDIR)$(DATADIR)/lab/
	@for d in frr-configs ipsec-configs; do \
	  if ls $$d/* >/dev/null 2>&1; then \
	    install -d $(DESTDIR)$(DATADIR)/$$d && \
	    install -m 0644 $$d/* $(DESTDIR)$(DATADIR)/$$d/; fi; done
	install -d $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
	  $(DESTDIR)$(BASHCOMPDIR)
	sed 's|/usr/local/share/azlab|$(DATADIR)|g' man/azlab.8 \
	  >$(DESTDIR)$(MANDIR)/man8/azlab.8
	chmod 0644 $(DESTDIR)$(MANDIR)/man8/azlab.8
	sed 's|@SBINDIR@|$(BINDIR)|g' systemd/azlab.service \
	  >$(DESTDIR)$(UNITDIR)/azlab.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/azlab.service
	install -m 0644 completion/azlab.bash $(DESTDIR)$(BASHCOMPDIR)/azlab

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/azlab
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(MANDIR)/man8/azlab.8 \
	  $(DESTDIR)$(UNITDIR)/azlab.service $(DESTDIR)$(BASHCOMPDIR)/azlab

# The man page renders without warnings and names every verb and option
# that the binary's --help texts list; the completion parses.
check-man: all
	@out=$$(LC_ALL=C groff -t -man -ww -z man/azlab.8 2>&1); \
	  [ -z "$$out" ] || { echo "$$out"; exit 1; }
	@rc=0; for v in $$($(B)/azlab --help | sed -n 's/^  azlab \([a-z][a-z0-9-]*\).*/\1/p') daemon; do \
	  grep -q "^\.BR $$v " man/azlab.8 || { echo "man/azlab.8: no verb $$v"; rc=1; }; \
	  for o in $$($(B)/azlab $$v --help | sed -n '1p;/^  *-/p' | \
	      grep -oE -- '(^|[ [,])-[-a-z0-9]*[a-z0-9]' | tr -d ' [,' | sort -u); do \
	    grep -q -- "$$(echo "$$o" | sed 's/-/\\\\-/g')" man/azlab.8 || \
	      { echo "man/azlab.8: $$v: no option $$o"; rc=1; }; done; done; exit $$rc
	bash -n completion/azlab.bash

# Fuzzing (docs/testing.md): libFuzzer harnesses tests/fuzz/fuzz_*.c,
# built by clang with ASan and UBSan from objects of their own under
# build/fuzz, so that the gcc build above is left as it is.
FUZZ_CC      ?= clang
FUZZ_CFLAGS  ?= -O1 -g
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_ALL_CFLAGS = $(FUZZ_CFLAGS) $(AZ_CFLAGS) $(FUZZ_SAN)
FUZZ_SRCS     = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS     = $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_OBJS     = $(LIBOBJS:$(B)/obj/%=$(B)/fuzz/obj/%)
FUZZ_SECONDS ?= 60

fuzz: $(FUZZ_BINS)

# Each harness this long (FUZZ_SECONDS=0: only the seeds and regressions).
fuzz-run: fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

$(B)/fuzz/obj/%.o: src/%.c | $(B)/fuzz/obj
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_ALL_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(B)/fuzz/libazlab.a: $(FUZZ_OBJS)
	$(AR) rcs $@ $^

$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(B)/fuzz/libazlab.a
	$(FUZZ_CC) $(FUZZ_ALL_CFLAGS) -fsanitize=fuzzer \
	  -DFUZZ_LAB='"$(CURDIR)/lab/azure-interop.yaml"' -o $@ $< \
	  $(B)/fuzz/libazlab.a $(AZ_LDLIBS)

$(B)/fuzz/obj:
	mkdir -p $@

clean:
	rm -rf $(B)

.PHONY: all layers unit integration check check-man bench bench-scale soak install uninstall \
	clean fuzz fuzz-run
-include $(OBJS:.o=.d) $(FUZZ_OBJS:.o=.d) $(TESTS:=.d)
