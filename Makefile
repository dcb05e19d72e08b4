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
LOCALEDIR = $(PREFIX)/share/locale

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
            -DINFOCIG_LOCALEDIR='"$(LOCALEDIR)"' $(PKG_CFLAGS)
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
# The languages besides Italian (the source): data/po/LANG.po, compiled
# into locale/ beside the programs, as the installed tree has them.
LANGS     = de en
MOS       = $(LANGS:%=locale/%/LC_MESSAGES/infocig.mo)

# The Debian packages that building and testing need (make deps); libc-l10n
# gives the system's own messages (strerror) in Italian, like ours.
DEB_CHECK = build-essential pkg-config libssh-dev libconfig-dev libsqlite3-dev \
            libncurses-dev libcmocka-dev libssl-dev libcrypt-dev mandoc tmux \
            openssh-client openssh-server sqlite3 clang gettext libc-l10n

.PHONY: all deps run check unit-tests unit-check bench soak fuzz install uninstall clean po

all: infocig infocigd $(MOS)

# -c checks formats and headers; a catalogue that does not compile stops the build.
locale/%/LC_MESSAGES/infocig.mo: data/po/%.po
	@mkdir -p $(@D)
	msgfmt -c -o $@ $<

# make po: extract the texts of the sources into data/po/infocig.pot and
# merge them into each catalogue (new ones arrive untranslated, for a
# translator; make check fails until they are translated).
po:
	xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kngettext:1,2 --add-comments=TRANSLATORS: \
	    --package-name=infocig --msgid-bugs-address= --sort-by-file \
	    -o data/po/infocig.pot $(sort $(wildcard src/*.c src/*/*.c))
	for l in $(LANGS); do msgmerge -q --update --backup=none --no-fuzzy-matching \
	    data/po/$$l.po data/po/infocig.pot; done

# The programs at the root come from one build at a time: switching between
# SANITIZE=1 and a plain build links them again (build/flavor.stamp).
infocig: $(BUILD)/src/infocig.o $(LIB) build/flavor.stamp
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out build/flavor.stamp,$^) $(IC_LIBS) $(LDLIBS)

infocigd: $(BUILD)/src/infocigd.o $(LIB) build/flavor.stamp
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out build/flavor.stamp,$^) $(IC_LIBS) $(LDLIBS)

build/flavor.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(BUILD)' | cmp -s - $@ || echo '$(BUILD)' > $@

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
$(BUILD)/src/cli/cli.o $(BUILD)/src/conf/conf.o $(BUILD)/src/i18n/i18n.o: $(BUILD)/prefix.stamp
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

unit-tests: $(UNIT_BINS) $(MOS)

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
	for l in $(LANGS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 locale/$$l/LC_MESSAGES/infocig.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/infocig $(DESTDIR)$(SBINDIR)/infocigd \
	    $(DESTDIR)$(MANDIR)/man1/infocig.1 $(DESTDIR)$(MANDIR)/man5/infocig.conf.5 \
	    $(DESTDIR)$(MANDIR)/man8/infocigd.8 \
	    $(DESTDIR)$(SYSCONFDIR)/infocig/infocig.conf.example \
	    $(DESTDIR)$(UNITDIR)/infocigd.service $(DESTDIR)$(SYSUSERSDIR)/infocig.conf \
	    $(LANGS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/infocig.mo)
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build infocig infocigd locale
