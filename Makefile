# infocig: INFO CIG as Unix software.  See README.md.

PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR    = $(PREFIX)/bin
SBINDIR   = $(PREFIX)/sbin
MANDIR    = $(PREFIX)/share/man
DATADIR   = $(PREFIX)/share/infocig
SYSCONFDIR = $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR   = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d

CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS     = libssh libconfig sqlite3 ncursesw

# pkg-config runs once, on first use (so that `make deps` can install it
# first), and a failure stops the build with its own message.
pkg = $(shell pkg-config $(1) $(PKGS) || echo FAILED)
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(call pkg,--cflags))$(call pkg_ok,$(PKG_CFLAGS))
PKG_LIBS   = $(eval PKG_LIBS := $$(call pkg,--libs))$(call pkg_ok,$(PKG_LIBS))
pkg_ok = $(if $(filter FAILED,$(1)),$(error pkg-config: missing packages among $(PKGS); run make deps),$(1))

# The project's own flags live apart from CFLAGS, so that `make CFLAGS=-O0`
# changes the optimisation and nothing else.
IC_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Iinclude \
            -DINFOCIG_SYSCONFDIR='"$(SYSCONFDIR)"' -DINFOCIG_DATADIR='"$(DATADIR)"' \
            $(PKG_CFLAGS)
IC_LIBS   = $(PKG_LIBS) -lcrypto -lcrypt -lm
ifeq ($(SANITIZE),1)
IC_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
IC_LDFLAGS = -fsanitize=address,undefined
BUILD    = build/san
else
BUILD    = build/rel
endif
ALL_CFLAGS  = $(CPPFLAGS) $(CFLAGS) $(IC_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(IC_LDFLAGS)

# Every module is a folder of src/; the two programs are src/infocig.c and
# src/infocigd.c.  New files are picked up without touching this Makefile.
LIB_SRCS  = $(filter-out src/fuzz/%,$(wildcard src/*/*.c))
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB       = $(BUILD)/libinfocig.a
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRCS = $(wildcard tests/bench/bench_*.c)
BENCH_BINS = $(BENCH_SRCS:tests/bench/%.c=$(BUILD)/tests/%)

# The Debian packages that building and testing need (make deps).
DEB_CHECK = build-essential pkg-config libssh-dev libconfig-dev libsqlite3-dev \
            libncurses-dev libcmocka-dev libssl-dev libcrypt-dev mandoc tmux \
            openssh-client openssh-server sqlite3 clang

.PHONY: all deps run check unit-tests unit-check bench soak fuzz install uninstall clean

all: infocig infocigd

infocig: $(BUILD)/src/infocig.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(IC_LIBS) $(LDLIBS)

infocigd: $(BUILD)/src/infocigd.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(IC_LIBS) $(LDLIBS)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(IC_LIBS) $(LDLIBS) -lcmocka

$(BUILD)/tests/bench_%: tests/bench/bench_%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(IC_LIBS) $(LDLIBS)

# The two objects that embed installation paths follow PREFIX changes.
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(PREFIX) $(SYSCONFDIR) $(DATADIR)' | cmp -s - $@ || \
	    echo '$(PREFIX) $(SYSCONFDIR) $(DATADIR)' > $@
$(BUILD)/src/cli/cli.o $(BUILD)/src/conf/conf.o: $(BUILD)/prefix.stamp
FORCE:

-include $(LIB_OBJS:.o=.d) $(BUILD)/src/infocig.d $(BUILD)/src/infocigd.d

deps:
	@missing=$$(for p in $(DEB_CHECK); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "deps: missing Debian packages; run as root:" >&2; \
	  echo "  apt-get install -y $$missing" >&2; exit 1; \
	fi

unit-tests: $(UNIT_BINS)

# The unit tests alone (CI runs them once more with SANITIZE=1).
unit-check: deps
	@$(MAKE) --no-print-directory unit-tests
	@sh tests/run.sh $(BUILD) --unit-only

# make run: build, demo database, daemon on 127.0.0.1:2222, console.
run: deps
	@$(MAKE) --no-print-directory all
	@sh tests/run-demo.sh

# The fuzz targets are built (not run) so that they cannot rot; make fuzz runs them.
check: deps
	@$(MAKE) --no-print-directory all unit-tests
	@sh tests/fuzz.sh --build-only
	@sh tests/run.sh $(BUILD)

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@sh tests/bench/run.sh $(BUILD)

# make soak: 30 minutes of steady load, RSS and descriptors every minute.
soak: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/soak.sh $(BUILD)

fuzz:
	@sh tests/fuzz.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(SYSCONFDIR)/infocig
	install -m 755 infocig $(DESTDIR)$(BINDIR)/infocig
	install -m 755 infocigd $(DESTDIR)$(SBINDIR)/infocigd
	install -m 644 man/infocig.1 $(DESTDIR)$(MANDIR)/man1/infocig.1
	install -m 644 man/infocig.conf.5 $(DESTDIR)$(MANDIR)/man5/infocig.conf.5
	install -m 644 man/infocigd.8 $(DESTDIR)$(MANDIR)/man8/infocigd.8
	install -m 644 data/*.csv $(DESTDIR)$(DATADIR)/
	install -m 644 conf/infocig.conf $(DESTDIR)$(SYSCONFDIR)/infocig/infocig.conf.example
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    conf/infocigd.service.in > $(DESTDIR)$(UNITDIR)/infocigd.service
	chmod 644 $(DESTDIR)$(UNITDIR)/infocigd.service
	install -m 644 conf/infocig.sysusers $(DESTDIR)$(SYSUSERSDIR)/infocig.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/infocig $(DESTDIR)$(SBINDIR)/infocigd \
	    $(DESTDIR)$(MANDIR)/man1/infocig.1 $(DESTDIR)$(MANDIR)/man5/infocig.conf.5 \
	    $(DESTDIR)$(MANDIR)/man8/infocigd.8 \
	    $(DESTDIR)$(SYSCONFDIR)/infocig/infocig.conf.example \
	    $(DESTDIR)$(UNITDIR)/infocigd.service $(DESTDIR)$(SYSUSERSDIR)/infocig.conf
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build infocig infocigd
