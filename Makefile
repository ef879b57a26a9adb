# polytask: build, run, test, benchmark, fuzz and package.
#
#   make run     build release, serve on 127.0.0.1:8080 with the SQLite file ./polytask.db
#   make test    build everything (debug, with tests), run every Swift suite, then the Python
#                black-box suites against the real binary
#   make help    every target and knob
#
# Works on a fresh Debian 12 machine with Swift at /opt/swift (or on PATH), libsqlite3-dev,
# python3-venv and Java 17 (for openapi-generator); `.ci/run` installs the system packages.
# Knobs are make variables: `make run PORT=9000 ARGS="--auth strict"`.

SHELL := /bin/bash
.DEFAULT_GOAL := build

# A swift already on PATH wins; the standard install location is the fallback.
export PATH := $(PATH):/opt/swift/usr/bin

SWIFT    ?= swift
# Build folder. Helpers working side by side use their own: `make test SCRATCH=.build-me`.
SCRATCH  ?= .build
SWIFTPM   = --scratch-path $(SCRATCH)
BIN_DEBUG   = $(abspath $(SCRATCH))/debug/polytask
BIN_RELEASE = $(abspath $(SCRATCH))/release/polytask

# make run
HOST ?= 127.0.0.1
PORT ?= 8080
DB   ?= ./polytask.db
ARGS ?=

# make test
PYTHON      ?= python3
VENV        ?= .venv
PY_REQS     := .ci/requirements.txt
PYTEST_ARGS ?=
# The HTTP suites (Tests/blackbox/http and test_options.py) run a second time on each of these
# event-loop backends (the first run uses the platform default: epoll on Linux).
EXTRA_IO    ?= dispatch
# Generated vendor clients (ignored by git).
GEN_DIR     ?= $(CURDIR)/.gen

# make fuzz
FUZZ_SCRATCH ?= .build-fuzz
FUZZ_TIME    ?= 60
FUZZ_TARGET  ?= parser
FUZZ_CORPUS  ?=
FUZZ_ARGS    ?=

# make docker
IMAGE ?= polytask:latest

.PHONY: help build release run test test-swift test-blackbox venv bench fuzz clean distclean docker

help:
	@echo "make build          debug build of every target and test (swift build --build-tests)"
	@echo "make release        release build (swift build -c release --static-swift-stdlib)"
	@echo "make run            release build, then serve on $(HOST):$(PORT) with --db $(DB)"
	@echo "                    (HOST= PORT= DB= ARGS='--auth strict --seed f.json')"
	@echo "make test           build, every Swift suite, then the black-box suites (pytest)"
	@echo "make test-swift     only the Swift suites (after make build)"
	@echo "make test-blackbox  only the black-box suites (after make build; PYTEST_ARGS='-k name');"
	@echo "                    the HTTP suites run again on each backend in EXTRA_IO='$(EXTRA_IO)'"
	@echo "make bench          every bench/run.sh step (ROUNDS=3, IO='epoll dispatch'; STEPS='floor writes' picks):"
	@echo "                      floor, quant, quant-c1  HTTP floor + Quant get/list vs peers at c=64 and c=1"
	@echo "                      store         StoreTool bench (no HTTP)"
	@echo "                      graph-health  c=1 health p50/p99/max while clients fetch a 10k-task dependency graph"
	@echo "                      writes        Quant creates and updates/s at c=1 and c=64, writes per commit"
	@echo "                      scale         get, list, create at 10k/100k/1M tasks; start-up on the 1M file"
	@echo "                      soak          SOAK_SECONDS=600 of mixed load; RSS, fds, threads every 10 s"
	@echo "                      profile       callgrind instructions per request of get, list, health (bench/profile.sh)"
	@echo "make fuzz           libFuzzer + ASan for FUZZ_TIME=$(FUZZ_TIME) s on FUZZ_TARGET=parser (HTTP/1.1),"
	@echo "                    json (JSON parser), seed (seed splitter), router (matching), or all"
	@echo "make docker         docker build -t $(IMAGE) . (needs a Docker engine)"
	@echo "make clean          remove build folders, generated clients and bench results"
	@echo "make distclean      clean, and the Python venv and fuzz corpus too"
	@echo "SCRATCH=$(SCRATCH) selects the build folder."

build:
	$(SWIFT) build $(SWIFTPM) --build-tests

# The Swift runtime is linked statically: only the pages polytask touches become resident
# (peak RSS 18 -> 16 MB on the benchmark seed), and the binary needs no Swift libraries at run time.
release:
	$(SWIFT) build $(SWIFTPM) -c release --static-swift-stdlib

run: release
	$(BIN_RELEASE) --host $(HOST) --port $(PORT) --db $(DB) $(ARGS)

# Both halves always run, so one failing suite does not hide the other's results.
test: build
	@status=0; \
	$(MAKE) --no-print-directory test-swift || status=1; \
	$(MAKE) --no-print-directory test-blackbox || status=1; \
	if [ $$status -ne 0 ]; then echo "make test: FAILED (see above)"; fi; \
	exit $$status

test-swift:
	$(SWIFT) test $(SWIFTPM) --skip-build

# The Python tools live in a venv made from the pinned list; the stamp re-installs on change.
venv: $(VENV)/.installed
$(VENV)/.installed: $(PY_REQS)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet -r $(PY_REQS)
	touch $@

# Each dialect's gen_client.sh (if present) generates its vendor client into $(GEN_DIR);
# pytest exit 5 means no test was collected yet, which is not a failure of the suites present.
# Then the HTTP suites run again per backend in EXTRA_IO (the server reads POLYTASK_IO).
test-blackbox: venv
	@set -e; \
	export PATH="$(abspath $(VENV))/bin:$$PATH" GEN_DIR="$(GEN_DIR)" POLYTASK_BIN="$(BIN_DEBUG)"; \
	test -x "$$POLYTASK_BIN" || { echo "no $$POLYTASK_BIN: run make build first"; exit 1; }; \
	for gen in Tests/blackbox/quant/gen_client.sh Tests/blackbox/amigo/gen_client.sh; do \
	  if [ -f "$$gen" ]; then echo "== $$gen"; bash "$$gen"; fi; \
	done; \
	rc=0; python -m pytest -q Tests/blackbox $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-blackbox: no black-box test collected"; rc=0; fi; \
	for io in $(EXTRA_IO); do \
	  echo "== the HTTP suites again with --io $$io"; \
	  io_rc=0; POLYTASK_IO=$$io python -m pytest -q Tests/blackbox/http Tests/blackbox/test_options.py $(PYTEST_ARGS) || io_rc=$$?; \
	  if [ $$io_rc -ne 0 ] && [ $$io_rc -ne 5 ]; then rc=$$io_rc; fi; \
	done; \
	exit $$rc

bench:
	SCRATCH="$(SCRATCH)" bash bench/run.sh

# libFuzzer + ASan: Fuzz/run.sh builds FUZZ_TARGET's product (ParserFuzz, JSONFuzz, SeedFuzz,
# RouterFuzz; `all`: each in turn) with -sanitize=fuzzer,address in its own build folder and fuzzes
# it for FUZZ_TIME seconds from Fuzz/seeds/<target> and the kept regressions. Findings land in
# fuzz-corpus/artifacts/<target>/; keep each in Tests/HTTP1Tests/Regressions (parser) or
# Tests/FuzzTests/Regressions/<target> so that make test replays it.
fuzz:
	SWIFT="$(SWIFT)" FUZZ_SCRATCH="$(FUZZ_SCRATCH)" FUZZ_TIME="$(FUZZ_TIME)" FUZZ_TARGET="$(FUZZ_TARGET)" \
	  FUZZ_CORPUS="$(FUZZ_CORPUS)" FUZZ_ARGS="$(FUZZ_ARGS)" bash Fuzz/run.sh

clean:
	rm -rf $(SCRATCH) $(FUZZ_SCRATCH) $(GEN_DIR) bench-results .pytest_cache

distclean: clean
	rm -rf $(VENV) fuzz-corpus

docker:
	docker build -t $(IMAGE) .
