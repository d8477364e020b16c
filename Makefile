# interleave - build, set-up and tests.  `make run` and `make test` are the two
# commands a new user needs (README.md).
CC      ?= cc
CSTD    := -std=c17 -D_DEFAULT_SOURCE
# -Wswitch-enum: a switch over an enum names every enumerator, default or
# not, so that a new opcode, kind or method is refused wherever it is not
# handled (por.c's footprints, the race pass) instead of falling to a default.
WARN    := -Wall -Wextra -Wswitch-enum -Werror
CFLAGS  ?= -O2 -g
LIBS    := -lyaml -lgmp -lxxhash -lnettle -lm
INC     := -Iinclude -Isim

# Debian packages the build and the tests need: the libraries' headers, then
# the tools the tests call (xmllint: libxml2-utils; prove: perl; the Python
# test drivers: python3; the YAML parser of the race brute force:
# python3-yaml; pkg-config, which builds docs/embed.c against the installed
# library). A bare Debian has none of them; tests never skip a missing
# tool, they fail.
PKGS    := libyaml-dev libcriterion-dev libgmp-dev libxxhash-dev nettle-dev \
           libxml2-utils perl python3 python3-yaml pkg-config

VERSION := 0.1.0
SOMAJOR := 0

# Where `make install` puts the binary, the libraries, the header and the
# pkg-config file (DESTDIR, if set, is prepended to each, for packagers).
PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

# The engine (sim/*.c), and the command line (sim/cli/*.c), a client of the
# engine's one public header: it is compiled with include/ and its own
# directory only, so that no internal header can reach it.
SRC     := $(wildcard sim/*.c)
CLISRC  := $(wildcard sim/cli/*.c)
HDR     := $(wildcard sim/*.h include/*.h)
CLIHDR  := $(wildcard sim/cli/*.h include/*.h)
OBJ     := $(SRC:sim/%.c=build/obj/%.o)
ASANOBJ := $(SRC:sim/%.c=build/asan/%.o)
CLIOBJ  := $(CLISRC:sim/cli/%.c=build/obj/cli/%.o)
ASANCLIOBJ := $(CLISRC:sim/cli/%.c=build/asan/cli/%.o)
CLIINC  := -Iinclude -Isim/cli
UNIT    := $(wildcard tests/unit/*.c)

# The engine's objects go into both libraries: position-independent (the
# executable is PIE anyway) and hidden, so that libinterleave.so exports
# only what include/interleave.h declares (IL_API).
LIBFLAGS := -fPIC -fvisibility=hidden

.PHONY: all deps run test unit golden bad asan-test check replay clean valgrind limits files install embed \
	twins pyfiles cpython
all: interleave build/libinterleave.a build/libinterleave.so

interleave: $(CLIOBJ) build/libinterleave.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/obj/cli/%.o: sim/cli/%.c $(CLIHDR) | build/obj/cli
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(CLIINC) -c -o $@ $<

# (the Makefile too: objects built before LIBFLAGS would not link into the .so)
build/obj/%.o: sim/%.c $(HDR) Makefile | build/obj
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(LIBFLAGS) $(INC) -c -o $@ $<

build/libinterleave.a: $(OBJ)
	rm -f $@
	ar rcs $@ $^

# -z defs: a symbol the engine uses and no library gives is a link error
# here, not a surprise in the program that loads it.
build/libinterleave.so: $(OBJ)
	$(CC) $(CFLAGS) -shared -Wl,-soname,libinterleave.so.$(SOMAJOR) -Wl,-z,defs -o $@ $^ $(LIBS)

# The shared library as its file name, its soname and the name the linker
# looks for; the pkg-config file written for this PREFIX.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 interleave $(DESTDIR)$(BINDIR)/interleave
	install -m 644 build/libinterleave.a $(DESTDIR)$(LIBDIR)/libinterleave.a
	install -m 755 build/libinterleave.so $(DESTDIR)$(LIBDIR)/libinterleave.so.$(VERSION)
	ln -sf libinterleave.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libinterleave.so.$(SOMAJOR)
	ln -sf libinterleave.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/libinterleave.so
	install -m 644 include/interleave.h $(DESTDIR)$(INCLUDEDIR)/interleave.h
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	  'Name: interleave' \
	  'Description: explores every interleaving of a small multi-threaded program' \
	  'Version: $(VERSION)' \
	  'Cflags: -I$${includedir}' \
	  'Libs: -L$${libdir} -linterleave' \
	  'Libs.private: $(LIBS)' >$(DESTDIR)$(PKGCONFIGDIR)/interleave.pc

# docs/embed.c built against a copy installed in a temporary prefix, with
# pkg-config, shared and static; its output asserted exactly; and the
# library exports nothing but the header's functions.
embed: all
	sh tests/embed.sh

# The same engine under AddressSanitizer + UBSan, for the test suite.
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
build/asan/%.o: sim/%.c $(HDR) | build/asan
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) $(INC) -c -o $@ $<
build/asan/cli/%.o: sim/cli/%.c $(CLIHDR) | build/asan/cli
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) $(CLIINC) -c -o $@ $<
build/interleave-asan: $(ASANCLIOBJ) $(ASANOBJ)
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS)

# The engine's tests, and those of the command line's own modules (its
# JUnit/TAP writer, its signal handling): everything but its main().
UNITOBJ := $(ASANOBJ) $(filter-out build/asan/cli/main.o,$(ASANCLIOBJ))
build/unit-tests: $(UNIT) $(UNITOBJ) $(HDR) $(CLIHDR) tests/unit/helpers.h
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) $(INC) -Itests/unit -o $@ $(UNIT) $(UNITOBJ) $(LIBS) -lcriterion

build/obj build/asan build/obj/cli build/asan/cli:
	mkdir -p $@

# Installs missing packages when root; otherwise prints the apt-get line and stops.
deps:
	@sh tests/deps.sh $(PKGS)

# Exit 1 means "a problem was found" (here: the races that are the lesson),
# not that make failed.
run: deps
	@$(MAKE) --no-print-directory interleave
	@./interleave explore programs/lost_update.yaml; rc=$$?; \
	 if [ $$rc -eq 1 ]; then echo "(exit 1: the program has a race, as this example shows)"; \
	 elif [ $$rc -ne 0 ]; then exit $$rc; fi

unit: build/unit-tests
	ASAN_OPTIONS=detect_leaks=1 ./build/unit-tests --jobs 2

golden: interleave
	sh tests/golden.sh ./interleave

bad: interleave
	sh tests/bad.sh ./interleave

# A state space that never ends stops at each limit (--max-states,
# --max-seconds, --max-memory), huge programs are refused or handled, and
# out of memory is exit 4 (ulimit -v: not under ASan).
limits: interleave
	sh tests/limits.sh ./interleave

# Output files are whole or absent and never replace an input; I/O errors
# are exit 5; SIGINT/SIGTERM stop with the partial report (130/143) and
# leave no temporaries; a closed stdout is quiet.
files: interleave build/interleave-asan
	sh tests/files.sh ./interleave
	sh tests/files.sh ./build/interleave-asan

asan-test: build/interleave-asan
	sh tests/golden.sh ./build/interleave-asan
	sh tests/bad.sh ./build/interleave-asan

# Every example pins its behaviour in expect:; tests/check/ holds the fixtures
# of `check` itself (each form passing and failing, malformed blocks, JUnit, TAP).
check: interleave build/interleave-asan
	./interleave check programs/
	sh tests/check.sh ./interleave
	sh tests/check.sh ./build/interleave-asan

# Traces: every one under traces/ replays; explore --traces round trips;
# malformed and diverging traces (tests/traces-bad/) fail as they say; `run`.
replay: interleave build/interleave-asan
	sh tests/replay.sh ./interleave ./build/interleave-asan

# Python files as programs (issue 15): each programs/NAME.py explores to the
# answers of its twin programs/NAME.yaml (tests/twins.py, needs python3-yaml);
# explore, check, run and replay on .py files, every position the .py file's.
twins: interleave
	python3 tests/twins.py ./interleave programs

pyfiles: interleave build/interleave-asan
	sh tests/pyfiles.sh ./interleave ./build/interleave-asan

# Checked against the real interpreter (tests/cpython/, docs/python.md
# "Checked against CPython"): each programs/*.py run N times by CPython
# with time.sleep(0) between its statements and a 1 us switch interval,
# and every outcome it shows must be one `explore` reaches (the allow-list
# tests/cpython/known.txt names those waiting for a rule of python.md);
# first the harness's own tests. `make cpython N=20000` for a deep run.
N ?= 30
cpython: interleave
	sh tests/cpython/selftest.sh ./interleave
	python3 tests/cpython/run.py -n $(N) programs

# Crash regressions (tests/inputs/crashes/: inputs `make fuzz` found, and
# hostile ones made by hand) end in a message, never a signal or a sanitizer
# report; every field of every trace in traces/, tampered with, gives exit 1
# or 2 naming it (generated by tests/tamper.py; needs python3).
.PHONY: regress tamper reduction
regress: interleave build/interleave-asan
	sh tests/regress.sh ./interleave ./build/interleave-asan

tamper: interleave build/interleave-asan
	sh tests/tamper.sh ./interleave ./build/interleave-asan

# Long chains (a 300 KB `x = 1+1+...` line, 100,000-term and/or and
# comparison chains, 50,000 elifs, long expect: expressions) and nesting at
# and past the limits, made at run time, on a 1 MiB stack: exact results or
# messages, never a signal.
.PHONY: deep
deep: interleave build/interleave-asan
	sh tests/deep.sh ./interleave ./build/interleave-asan

# Partial-order reduction keeps the answers: --no-counts must report the
# outcomes, deadlocks, errors and races of the full exploration, on every
# example program and on generated ones (tests/inputs/reduction/), with both
# binaries.
REDUCTION_INPUTS := programs tests/programs tests/check/pass tests/inputs/reduction \
	bench/programs/philosophers_5.yaml bench/programs/philosophers_ordered_5.yaml \
	bench/programs/bounded_buffer_2.yaml bench/programs/peterson_2.yaml \
	bench/programs/lost_update_printed_3.yaml bench/programs/lost_update_5.yaml
reduction: interleave build/interleave-asan
	python3 tests/reduction.py ./interleave $(REDUCTION_INPUTS)
	python3 tests/reduction.py ./build/interleave-asan $(REDUCTION_INPUTS)

# The same on random programs (tests/gen_programs.py): not part of `make
# test` (a few minutes); SEED and COUNT choose them.
SEED  ?= 1
COUNT ?= 1000
.PHONY: reduction-random
reduction-random: interleave
	rm -rf build/random-programs
	python3 tests/gen_programs.py --seed $(SEED) --count $(COUNT) --out build/random-programs
	python3 tests/reduction.py ./interleave build/random-programs

# Races exactly as D22 defines them (issue 13): the independent brute force
# of tests/race_brute.py (every interleaving, vector clocks) against the
# engine, on the classics of tests/races/ and on 300 random programs of the
# three shapes of tests/gen_programs.py (fixed seed); races under symmetry
# against --no-symmetry (tests/race_sym.py). Part of `make test`.
.PHONY: races races-random
races: interleave
	python3 tests/race_brute.py --self-test
	python3 tests/race_compare.py ./interleave tests/races; a=$$?; \
	python3 tests/race_compare.py ./interleave --random 300 --seed 1 --shape all \
		--out build/race-programs --cap 3000 --node-cap 30000 --max-seconds 60; b=$$?; \
	python3 tests/race_sym.py ./interleave programs tests/races tests/programs \
		bench/programs/lost_update_[2-5].yaml --random 100 --seed 1; c=$$?; \
	test $$a = 0 && test $$b = 0 && test $$c = 0

# The same on COUNT random programs (a third of each shape) from SEED, and
# races under symmetry against --no-symmetry on COUNT symmetric ones.
races-random: interleave
	python3 tests/race_compare.py ./interleave --random $(COUNT) --seed $(SEED) --shape all \
		--out build/race-programs --cap 3000 --node-cap 30000 --max-seconds 60; a=$$?; \
	python3 tests/race_sym.py ./interleave --random $(COUNT) --seed $(SEED); b=$$?; \
	test $$a = 0 && test $$b = 0

# Functions in Python files (python.md P1, issue 15): the independent brute
# force of tests/py_brute.py (its hand-counted self-test), then exact
# outcomes, counts, deadlocks, errors and races against explore --json (also
# --no-symmetry, --no-counts) on those programs and on 120 random ones of
# tests/gen_programs.py --shape functions and --shape classes (fixed seeds). Part of `make test`;
# functions-random: COUNT programs from SEED.
.PHONY: functions functions-random
functions: interleave
	python3 tests/py_brute.py --self-test
	python3 tests/func_compare.py ./interleave --hand --random 120 --seed 1
	python3 tests/func_compare.py ./interleave --hand-classes --shape classes --random 30 --seed 1

functions-random: interleave
	python3 tests/func_compare.py ./interleave --random $(COUNT) --seed $(SEED)

# Classes, logging and the executor in main (docs/classes-rules.md):
# COUNT random programs of tests/gen_programs.py --shape classes from SEED.
.PHONY: classes-random
classes-random: interleave
	python3 tests/func_compare.py ./interleave --shape classes --random $(COUNT) --seed $(SEED)

test: deps
	@$(MAKE) --no-print-directory all build/interleave-asan build/unit-tests
	@$(MAKE) --no-print-directory unit golden bad asan-test check replay twins pyfiles limits files regress tamper deep reduction races functions embed cpython
	@echo "all test suites passed"

valgrind: interleave
	sh tests/valgrind.sh ./interleave
	sh tests/replay.sh --valgrind ./interleave

clean:
	rm -rf build interleave

# Benchmarks against SPIN (bench/README.md): about eleven minutes, writes
# bench/RESULTS.md. Not part of `make test`. Installs spin (and gcc, which
# compiles its verifiers) like `make deps`; perf is used when it works.
BENCH_PKGS := spin gcc
.PHONY: bench
bench: deps interleave
	@sh tests/deps.sh $(BENCH_PKGS)
	python3 bench/run.py

# The state store (sim/store.c) against the explorer's previous visited set:
# ns per intern and bytes per state over a real search (lost_update_6 without
# symmetry: 10 M states of 256 bytes), about a minute a round; the schemes
# take turns for STORE_ROUNDS rounds and the best of each is shown (the
# machine is shared, so one round can be off by tens of percent). Not part
# of `make test`.
STORE_ROUNDS ?= 1
.PHONY: store-bench
build/store-bench: bench/store_bench.c $(OBJ) $(HDR)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INC) -o $@ bench/store_bench.c $(OBJ) $(LIBS)
store-bench: build/store-bench
	./build/store-bench bench/programs/lost_update_6.yaml oec $(STORE_ROUNDS)

# Fuzzing (tests/fuzz/): libFuzzer over the program loader (YAML, bodies,
# compiler) and over the trace reader and replay, FUZZ_SECONDS each (in
# parallel); crashes go to build/fuzz/crashes/. Needs clang and its libFuzzer
# runtime (FUZZ_PKGS), which `make test` does not. Not part of `make test`:
# the crashes it finds become tests/inputs/crashes/ (`make regress`).
FUZZ_PKGS    := clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZFLAGS    := -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZOBJ      := $(SRC:sim/%.c=build/fuzz/obj/%.o)
.PHONY: fuzz fuzz-build
build/fuzz/obj/%.o: sim/%.c $(HDR) | build/fuzz/obj
	$(FUZZ_CC) $(CSTD) -Wall -Wextra $(FUZZFLAGS) $(INC) -c -o $@ $<
FUZZERS      := build/fuzz/fuzz_program build/fuzz/fuzz_pyfile build/fuzz/fuzz_trace
$(FUZZERS): build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_program.c $(FUZZOBJ)
	$(FUZZ_CC) $(CSTD) -Wall -Wextra $(FUZZFLAGS) $(INC) -DIL_FUZZ_ROOT='"$(CURDIR)"' -o $@ $< $(FUZZOBJ) $(LIBS)
build/fuzz/obj:
	mkdir -p $@
fuzz-build: $(FUZZERS)
fuzz:
	@sh tests/deps.sh $(FUZZ_PKGS)
	@$(MAKE) --no-print-directory fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)
