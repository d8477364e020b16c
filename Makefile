# interleave - build, set-up and tests.  `make run` and `make test` are the two
# commands a new user needs (README.md).
CC      ?= cc
CSTD    := -std=c17 -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
LIBS    := -lyaml -lgmp -lxxhash -lnettle -lm
INC     := -Iinclude -Isim

# Debian packages the build and the tests need (header/tool they provide).
PKGS    := libyaml-dev libcriterion-dev libgmp-dev libxxhash-dev libxml2-utils nettle-dev

SRC     := $(filter-out sim/main.c,$(wildcard sim/*.c))
HDR     := $(wildcard sim/*.h include/*.h)
OBJ     := $(SRC:sim/%.c=build/obj/%.o)
ASANOBJ := $(SRC:sim/%.c=build/asan/%.o)
UNIT    := $(wildcard tests/unit/*.c)

.PHONY: all deps run test unit golden bad asan-test check replay clean valgrind
all: interleave

interleave: build/obj/main.o $(OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/obj/%.o: sim/%.c $(HDR) | build/obj
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INC) -c -o $@ $<

# The same engine under AddressSanitizer + UBSan, for the test suite.
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
build/asan/%.o: sim/%.c $(HDR) | build/asan
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) $(INC) -c -o $@ $<
build/interleave-asan: build/asan/main.o $(ASANOBJ)
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS)

build/unit-tests: $(UNIT) $(ASANOBJ) tests/unit/helpers.h
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) $(INC) -Itests/unit -o $@ $(UNIT) $(ASANOBJ) $(LIBS) -lcriterion

build/obj build/asan:
	mkdir -p $@

# Installs missing packages when root; otherwise prints the apt-get line and stops.
deps:
	@sh tests/deps.sh $(PKGS)

run: deps
	@$(MAKE) --no-print-directory interleave
	./interleave explore programs/lost_update.yaml

unit: build/unit-tests
	ASAN_OPTIONS=detect_leaks=1 ./build/unit-tests --jobs 2

golden: interleave
	sh tests/golden.sh ./interleave

bad: interleave
	sh tests/bad.sh ./interleave

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

test: deps
	@$(MAKE) --no-print-directory interleave build/interleave-asan build/unit-tests
	@$(MAKE) --no-print-directory unit golden bad asan-test check replay
	@echo "all test suites passed"

valgrind: interleave
	sh tests/valgrind.sh ./interleave
	sh tests/replay.sh --valgrind ./interleave

clean:
	rm -rf build interleave
