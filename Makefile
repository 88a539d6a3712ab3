# azlab — build into build/, install under PREFIX.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/sbin
DATADIR  = $(PREFIX)/share/azlab
VERSION  = 0.1.0

CC      ?= cc
PKGS     = libmnl yaml-0.1 json-c
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -D_GNU_SOURCE \
           -DAZLAB_VERSION='"$(VERSION)"' -DAZLAB_DATADIR='"$(DATADIR)"' \
           $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS))

# Sanitizer build: make SAN=1
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

B        = build
SRCS     = $(wildcard src/*.c)
OBJS     = $(SRCS:src/%.c=$(B)/obj/%.o)
LIBOBJS  = $(filter-out $(B)/obj/main.o,$(OBJS))

TEST_SRCS = $(wildcard tests/unit/check_*.c)
TESTS     = $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)
CHECK_LIBS = $(shell pkg-config --libs check)

all: $(B)/azlab

$(B)/obj/%.o: src/%.c $(wildcard src/*.h) | $(B)/obj
	$(CC) $(CFLAGS) -MMD -c -o $@ $<

$(B)/libazlab.a: $(LIBOBJS)
	$(AR) rcs $@ $^

$(B)/azlab: $(B)/obj/main.o $(B)/libazlab.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libazlab.a $(wildcard tests/unit/*.h) | $(B)/tests
	$(CC) $(CFLAGS) -iquote src -DTEST_DATADIR='"$(CURDIR)/tests/unit/data"' \
	  -DLAB_DIR='"$(CURDIR)/lab"' $(LDFLAGS) -o $@ $< $(B)/libazlab.a $(CHECK_LIBS) $(LDLIBS)

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

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lab
	install -m 0755 $(B)/azlab $(DESTDIR)$(BINDIR)/azlab
	install -m 0644 lab/*.yaml $(DESTDIR)$(DATADIR)/lab/
	@for d in frr-configs ipsec-configs; do \
	  if ls $$d/* >/dev/null 2>&1; then \
	    install -d $(DESTDIR)$(DATADIR)/$$d && \
	    install -m 0644 $$d/* $(DESTDIR)$(DATADIR)/$$d/; fi; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/azlab
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(B)

.PHONY: all unit integration check bench install uninstall clean
-include $(OBJS:.o=.d)
