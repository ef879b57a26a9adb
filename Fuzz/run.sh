#!/usr/bin/env bash
# make fuzz: libFuzzer (+ AddressSanitizer) on one of polytask's parsers for a bounded time.
#
#   FUZZ_TARGET                  parser (default), json, seed, router, or all (one after another)
#                                  parser  ParserFuzz  the HTTP/1.1 request parser
#                                  json    JSONFuzz    JSONParser under each runtime's options, JSONWriter
#                                  seed    SeedFuzz    JSONSeedSplitter (streamed seed loading)
#                                  router  RouterFuzz  Router matching, PercentDecoding, Query
#   FUZZ_TIME (or FUZZ_SECONDS)  seconds to fuzz each target (default 60)
#   FUZZ_SCRATCH                 build folder for the sanitizer build (default .build-fuzz)
#   FUZZ_CORPUS                  working corpus (default fuzz-corpus/<target>; git-ignored)
#   FUZZ_JOBS                    parallel fuzzing processes (default 1)
#   FUZZ_CONFIG                  release (default, ~10x debug's inputs/s) or debug
#   FUZZ_ARGS                    extra libFuzzer flags
#
# The corpus starts from Fuzz/seeds/<target> and every kept regression case. Crashes, hangs and
# slow inputs land in fuzz-corpus/artifacts/<target>/; keep each in the target's regression
# folder (below) so that `make test` replays it. Exit status: non-zero if any target found one.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT="${SWIFT:-swift}"
SECONDS_TO_RUN="${FUZZ_TIME:-${FUZZ_SECONDS:-60}}"
SCRATCH="${FUZZ_SCRATCH:-.build-fuzz}"
JOBS="${FUZZ_JOBS:-1}"
TARGET="${FUZZ_TARGET:-parser}"
CONFIG="${FUZZ_CONFIG:-release}"

case "$TARGET" in
  all) TARGETS="parser json seed router" ;;
  parser|json|seed|router) TARGETS="$TARGET" ;;
  *) echo "make fuzz: FUZZ_TARGET must be parser, json, seed, router or all (not '$TARGET')"; exit 2 ;;
esac
if [ -n "${FUZZ_CORPUS:-}" ] && [ "$TARGET" = all ]; then
  echo "make fuzz: FUZZ_CORPUS names one target's corpus; leave it unset with FUZZ_TARGET=all"; exit 2
fi

# What each target is: product, what it fuzzes, dictionary, largest input, regression folder.
# -max_len reaches each target's limits: the 8 KiB request line; JSON's 1,000-deep nesting and
# CPython's 4,300-digit integers; a seed with a few nested items; a long request target.
describe() {
  case "$1" in
    parser) PRODUCT=ParserFuzz; WHAT="the HTTP/1.1 request parser"; DICT=Fuzz/http.dict; MAXLEN=16384
            REGRESSIONS=Tests/HTTP1Tests/Regressions ;;
    json)   PRODUCT=JSONFuzz; WHAT="the JSON parser and writer"; DICT=Fuzz/json.dict; MAXLEN=8192
            REGRESSIONS=Tests/FuzzTests/Regressions/json ;;
    seed)   PRODUCT=SeedFuzz; WHAT="the seed splitter"; DICT=Fuzz/json.dict; MAXLEN=4096
            REGRESSIONS=Tests/FuzzTests/Regressions/seed ;;
    router) PRODUCT=RouterFuzz; WHAT="the router's matching and percent-decoding"; DICT=Fuzz/router.dict; MAXLEN=2048
            REGRESSIONS=Tests/FuzzTests/Regressions/router ;;
  esac
}

# No -parse-as-library and no -D flag: the same sources build plain and with the sanitizers, and
# Fuzz/FuzzSupport/FuzzerRuntime.swift finds libFuzzer's driver at run time. A release build runs
# about 10x more inputs per second than debug; its --gc-sections would drop the driver (nothing
# references it), so it is kept with --undefined. FUZZ_CONFIG=debug also works (no extra flag).
# (The linker's "Cannot export local symbol '__asan_*'" warnings are noise from ASan's export list.)
build() {
  mkdir -p "$SCRATCH"
  if ! "$SWIFT" build --scratch-path "$SCRATCH" -c "$CONFIG" -Xswiftc -sanitize=fuzzer,address \
       -Xlinker --undefined=LLVMFuzzerRunDriver --product "$PRODUCT" > "$SCRATCH/fuzz-build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$SCRATCH/fuzz-build.log"
    echo "make fuzz: the sanitizer build of $PRODUCT failed"
    exit 1
  fi
  grep -v "Cannot export local symbol" "$SCRATCH/fuzz-build.log" | tail -n 2
}

# The Swift runtime's own backtracer would race libFuzzer's crash handler; ASan reports instead.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"

status=0
for t in $TARGETS; do
  describe "$t"
  build
  BIN="$SCRATCH/$CONFIG/$PRODUCT"
  CORPUS="${FUZZ_CORPUS:-fuzz-corpus/$t}"
  ARTIFACTS="fuzz-corpus/artifacts/$t"
  mkdir -p "$CORPUS" "$ARTIFACTS"
  cp -n Fuzz/seeds/"$t"/* "$CORPUS"/ 2>/dev/null || true
  for f in "$REGRESSIONS"/*; do
    [ -f "$f" ] && [ -s "$f" ] && cp -n "$f" "$CORPUS/regression-$(basename "$f")"
  done

  echo "== fuzzing $WHAT ($PRODUCT) for ${SECONDS_TO_RUN}s (corpus $CORPUS, findings in $ARTIFACTS/)"
  rc=0
  # -timeout flags any single input that takes over 10 s (a hang), -rss_limit_mb a runaway buffer.
  "$BIN" "$CORPUS" -dict="$DICT" -max_total_time="$SECONDS_TO_RUN" -max_len="$MAXLEN" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$ARTIFACTS/" -print_final_stats=1 \
    $( [ "$JOBS" -gt 1 ] && echo "-jobs=$JOBS -workers=$JOBS" ) ${FUZZ_ARGS:-} || rc=$?
  if [ "$rc" -ne 0 ]; then
    status=$rc
    echo "make fuzz: libFuzzer exited $rc on $t; findings:"
    ls -1 "$ARTIFACTS"/ 2>/dev/null || true
    echo "replay one with: swift build --product $PRODUCT && .build/debug/$PRODUCT $ARTIFACTS/<file>"
    echo "then keep it:     cp $ARTIFACTS/<file> $REGRESSIONS/<what-it-is>"
  fi
done
exit "$status"
