# tix - build, test, install.
#
#   make            build the library and the tools into $(O)/
#   make demo       install missing packages, build, ingest samples/ into tix.db,
#                   write the sample report (report-sample.html, .md)
#   make check      install missing packages, build, run every test
#   make SANITIZE=address,undefined check   the same under the sanitizers
#   make install    PREFIX=/usr/local DESTDIR=
#   make DEVELOPER=1  stricter warnings, as errors

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config

ifdef SANITIZE
O ?= build-san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
O ?= build
SANFLAGS =
endif

OPT ?= -O2
CFLAGS ?= $(OPT) -g
WARN = -Wall -Wextra
ifdef DEVELOPER
WARN += -Werror -Wmissing-prototypes -Wstrict-prototypes -Wvla -Wwrite-strings \
	-Wshadow -Wpointer-arith
endif
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(SANFLAGS) -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 \
	-Ilibanalyze $(shell $(PKG_CONFIG) --cflags sqlite3 gsl libsodium 2>/dev/null)
LDLIBS = $(shell $(PKG_CONFIG) --libs sqlite3 gsl libsodium 2>/dev/null || echo -lsqlite3 -lgsl -lgslcblas -lsodium) -lcsv -lm -lpthread
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -pthread

LIB_SRCS := $(sort $(wildcard libanalyze/*.c))
LIB_OBJS := $(patsubst %.c,$(O)/%.o,$(LIB_SRCS)) $(O)/gen/defaults.o
LIB_HDRS := $(wildcard libanalyze/*.h)
LIB := $(O)/libanalyze.a

TOOL_SRCS := $(sort $(filter-out cmd/cmdutil.c,$(wildcard cmd/*.c)))
TOOLS := $(patsubst cmd/%.c,$(O)/bin/%,$(TOOL_SRCS))

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNITS := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))

MANPAGES := $(sort $(wildcard man/*.[1-8]))

all: $(TOOLS) $(UNITS)

$(O)/libanalyze/%.o: libanalyze/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The shipped severity file, lexicon and playbook, built into the library as the
# defaults (samples/ holds the editable copies).
DEFAULT_FILES = samples/tix-severity.conf samples/tix-lexicon.conf samples/tix-playbook.conf samples/tix-model.conf
define gen_defaults
	@mkdir -p $(dir $@)
	@{ echo '/* generated from $(DEFAULT_FILES) by the Makefile; do not edit */'; \
	  for f in $(DEFAULT_FILES); do \
		n=$$(basename $$f .conf | sed 's/^tix-//'); \
		echo "const char tix_default_$$n[] ="; \
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $$f; \
		echo ';'; \
	  done; } > $@.tmp && mv $@.tmp $@
endef

$(O)/gen/defaults.c: $(DEFAULT_FILES) Makefile
	$(gen_defaults)

$(O)/gen/defaults.o: $(O)/gen/defaults.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/bin/%: cmd/%.c $(LIB) $(LIB_HDRS) cmd/cmdutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Icmd -o $@ $< $(LIB) $(ALL_LDFLAGS) $(LDLIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB) $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(ALL_LDFLAGS) $(LDLIBS)

deps:
	@sh scripts/install-deps

check: deps
	@$(MAKE) --no-print-directory all
	@sh tests/run.sh $(O)

demo: deps
	@$(MAKE) --no-print-directory all
	@rm -f tix.db
	$(O)/bin/tix ingest --db tix.db --format table samples/zendesk.csv samples/salesforce.csv \
		samples/freshdesk.csv samples/jsm.csv samples/servicenow.csv samples/oracle.csv
	$(O)/bin/tix ingest --db tix.db --format table --map samples/avaya-calls.map samples/avaya-calls.csv
	@echo
	@echo "tickets per source in tix.db:"
	@$(O)/bin/tix ingest --db tix.db --summary --format table
	@echo
	@echo "the recurring issues, in words:"
	$(O)/bin/tix patterns --db tix.db --top 5 --format table
	@echo
	$(O)/bin/tix report --db tix.db --week 2024-W10 --format md > report-sample.md
	$(O)/bin/tix report --db tix.db --week 2024-W10 --format html > report-sample.html
	@echo "wrote the samples' report of 2024-W10: report-sample.html and report-sample.md"

# The README's screenshot: the sample report as headless Chromium renders it.
screenshot: demo
	sh tests/browser/render.sh report-sample.html docs/report-sample.png 900

lint-man:
	@for p in $(MANPAGES); do mandoc -T lint -W warning $$p || exit 1; done

install: $(TOOLS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	for p in $(MANPAGES); do \
		s=$${p##*.}; install -m 644 $$p $(DESTDIR)$(MANDIR)/man$$s/; done

clean:
	rm -rf build build-san tix.db report-sample.html report-sample.md

.PHONY: all deps check demo screenshot lint-man install clean fuzz

# ---------------------------------------------------------------- fuzzing
#
#   make fuzz [FUZZ_SECONDS=60]   build the libFuzzer harnesses of tests/fuzz/
#                                 into build-fuzz/, run each saved regression
#                                 input of tests/fuzz/regress/<harness>/, then
#                                 fuzz each harness for FUZZ_SECONDS.
#
# The library sources are compiled into each harness with the fuzzing flags
# (no $(O) objects).  New corpus entries go to build-fuzz/corpus/<harness>/
# (the seeds in tests/fuzz/corpus/<harness>/ are only read); crashes go to
# build-fuzz/artifacts/<harness>/.  Needs clang and libclang-rt-14-dev.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR = build-fuzz
# The main build's language, defines and include flags, with the fuzzing
# ones in place of its optimisation, warnings and sanitizers.
FUZZ_CFLAGS = $(filter-out -O% -g -W% -fsanitize=% -fno-sanitize-recover=%,$(ALL_CFLAGS)) \
	-Wall -Wextra -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_FLAGS = -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
	-print_final_stats=1
FUZZ_HARNESSES := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/%,$(FUZZ_HARNESSES))

$(FUZZ_DIR)/gen/defaults.c: $(DEFAULT_FILES) Makefile
	$(gen_defaults)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRCS) $(LIB_HDRS) $(FUZZ_DIR)/gen/defaults.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRCS) $(FUZZ_DIR)/gen/defaults.c -pthread $(LDLIBS)

# Every harness runs each of its regression inputs (one process each, so a
# hang or crash in one does not hide the others), then fuzzes, even when
# something earlier failed; the target fails at the end if anything did.
fuzz: $(FUZZ_BINS)
	@failed=; for h in $(FUZZ_HARNESSES); do \
		for f in tests/fuzz/regress/$$h/*; do \
			[ -f "$$f" ] || continue; \
			echo "fuzz: $$h: regression input $$f"; \
			$(FUZZ_DIR)/$$h -rss_limit_mb=2048 -timeout=10 "$$f" || failed="$$failed $$f"; \
		done; \
		mkdir -p $(FUZZ_DIR)/corpus/$$h $(FUZZ_DIR)/artifacts/$$h; \
		echo "fuzz: $$h for $(FUZZ_SECONDS) s"; \
		$(FUZZ_DIR)/$$h $(FUZZ_FLAGS) -artifact_prefix=$(FUZZ_DIR)/artifacts/$$h/ \
			$(FUZZ_DIR)/corpus/$$h tests/fuzz/corpus/$$h || failed="$$failed $$h"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: FAILED:$$failed" >&2; exit 1; fi; \
	echo "fuzz: all harnesses passed"

fuzz-clean:
	rm -rf $(FUZZ_DIR)

.PHONY: fuzz-clean

# ------------------------------------------------- export generator, benchmark
#
#   make bench      build everything, then time tix-ingest against sqlite3's
#                   .import on a generated 1,000,000-row Zendesk export
#                   (bench/run.sh; BENCH_ROWS=n for another size).  The files
#                   go to a scratch directory under $TMPDIR, never here.

GENEXPORT := $(O)/samples/genexport
RUSAGE := $(O)/bench/rusage

all: $(GENEXPORT) $(RUSAGE)

$(GENEXPORT): samples/genexport.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

$(RUSAGE): bench/rusage.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

bench: all
	@sh bench/run.sh $(O)

.PHONY: bench

# ------------------------------------------------------------------ evaluation
#
#   make eval-tcpd  build everything, then score tix-trend's change points on
#                   the 16 annotated series of the Turing Change Point Dataset
#                   (F1, margin 5) beside the published F1 of 14 methods
#                   (eval/tcpd.sh; needs jq).  The data is read from
#                   ../shared/data/tcpd, or TIX_DATA=dir holding tcpd/; when
#                   it is not there the target says so and succeeds.
#
#   make eval-spikes  build everything, then measure how often tix-trend finds
#                   a spike in simulated groups of tickets: bursts of one and
#                   two days, and pure noise (eval/spikes.py; about a minute).
#
#   make eval-loghub  build everything, then score tix-patterns' templates on
#                   four loghub-2k sets of log lines with their true templates
#                   (grouping accuracy, after a check of the scorer) beside
#                   Drain's published figures (eval/loghub.sh; needs sqlite3).
#                   The data is read from ../shared/data/loghub, or
#                   TIX_DATA=dir holding loghub/; when it is not there, or
#                   tix-patterns is not built yet, the target says so and
#                   succeeds.

eval-tcpd: all
	@sh eval/tcpd.sh $(O)

eval-spikes: all
	@python3 eval/spikes.py $(O)

eval-loghub: all
	@sh eval/loghub.sh $(O)

.PHONY: eval-tcpd eval-loghub eval-spikes
