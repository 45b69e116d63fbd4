# pagealloc - top-level driver around CMake.
#   make        build everything under build/ (library, CLI, tests, benchmarks)
#   make run    build the command (make cli) and run the main job on its built-in default;
#               its report goes to build/report
#   make test   build and run all tests, then again under ASan+UBSan, then fuzz briefly
#   make bench  run the benchmarks (they print figures, assert nothing)
#   make install  install under PREFIX (default /usr/local), DESTDIR honoured
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
MAKEFLAGS  += --no-print-directory
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 20

PREFIX     ?= /usr/local

.PHONY: all cli deps run test test-normal test-asan fuzz bench clean install

# build TARGETS (none: everything): on a terminal CMake's progress goes to
# stderr; otherwise only errors
define build
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@if [ -t 2 ]; then \
	    { cmake --build $(BUILD) -j $(JOBS) $(if $(1),--target $(1)) 2>&1; echo $$? >$(BUILD)/build.rc; } | \
	        tee $(BUILD)/build.log | grep --line-buffered -E '^\[ *[0-9]+%\]' >&2 || true; \
	    [ "$$(cat $(BUILD)/build.rc)" = 0 ] || { cat $(BUILD)/build.log; exit 1; }; \
	else \
	    cmake --build $(BUILD) -j $(JOBS) $(if $(1),--target $(1)) >$(BUILD)/build.log 2>&1 || \
	        { cat $(BUILD)/build.log; exit 1; }; \
	fi
endef

all: deps
	$(call build)

# run needs the command only: checking the ~100 test and fuzz targets took
# longer than the run itself
cli: deps
	$(call build,pagealloc_cli)

install: all
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }
	@DESTDIR=$(DESTDIR) cmake --install $(BUILD)

deps:
	@./scripts/deps

run: cli
	@./$(BUILD)/pagealloc run --report $(BUILD)/report

test: test-normal test-asan fuzz

test-normal: all
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPA_SANITIZE=ON \
	    -DCMAKE_C_COMPILER=clang >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) >$(ASAN_BUILD)/build.log 2>&1 || { cat $(ASAN_BUILD)/build.log; exit 1; }
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPA_FUZZ=ON -DPA_SANITIZE=ON \
	    -DPA_TESTS=OFF -DCMAKE_C_COMPILER=clang >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) >$(FUZZ_BUILD)/build.log 2>&1 || { cat $(FUZZ_BUILD)/build.log; exit 1; }
	@./scripts/run-fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: all
	@for b in $(BUILD)/bench_*; do echo "== $$b"; $$b || exit 1; done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
