#!/usr/bin/env bash
# make fuzz: libFuzzer on the HTTP/1.1 request parser for a bounded time.
#
#   FUZZ_TIME (or FUZZ_SECONDS)  seconds to fuzz (default 60)
#   FUZZ_SCRATCH                 build folder for the sanitizer build (default .build-fuzz)
#   FUZZ_CORPUS                  working corpus (default fuzz-corpus/parser; git-ignored)
#   FUZZ_JOBS                    parallel fuzzing processes (default 1)
#   FUZZ_CONFIG                  release (default, ~7k inputs/s) or debug
#   FUZZ_ARGS                    extra libFuzzer flags
#
# The corpus starts from Fuzz/seeds and every kept regression case. Crashes, hangs and slow
# inputs land in fuzz-corpus/artifacts/; keep each under Tests/HTTP1Tests/Regressions/ so that
# `make test` replays it (FuzzRegressionTests). Exit status: libFuzzer's (non-zero on a finding).
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT="${SWIFT:-swift}"
SECONDS_TO_RUN="${FUZZ_TIME:-${FUZZ_SECONDS:-60}}"
SCRATCH="${FUZZ_SCRATCH:-.build-fuzz}"
CORPUS="${FUZZ_CORPUS:-fuzz-corpus/parser}"
ARTIFACTS="fuzz-corpus/artifacts"
JOBS="${FUZZ_JOBS:-1}"

# No -parse-as-library and no -D flag: the same sources build plain and with the sanitizers, and
# Fuzz/ParserFuzz/FuzzerRuntime.swift finds libFuzzer's driver at run time. A release build runs
# about 10x more inputs per second than debug; its --gc-sections would drop the driver (nothing
# references it), so it is kept with --undefined. FUZZ_CONFIG=debug also works (no extra flag).
# (The linker's "Cannot export local symbol '__asan_*'" warnings are noise from ASan's export list.)
CONFIG="${FUZZ_CONFIG:-release}"
mkdir -p "$SCRATCH"
if ! "$SWIFT" build --scratch-path "$SCRATCH" -c "$CONFIG" -Xswiftc -sanitize=fuzzer,address \
     -Xlinker --undefined=LLVMFuzzerRunDriver --product ParserFuzz > "$SCRATCH/fuzz-build.log" 2>&1; then
  grep -v "Cannot export local symbol" "$SCRATCH/fuzz-build.log"
  echo "make fuzz: the sanitizer build failed"
  exit 1
fi
grep -v "Cannot export local symbol" "$SCRATCH/fuzz-build.log" | tail -n 2
BIN="$SCRATCH/$CONFIG/ParserFuzz"

mkdir -p "$CORPUS" "$ARTIFACTS"
cp -n Fuzz/seeds/* "$CORPUS"/ 2>/dev/null || true
for f in Tests/HTTP1Tests/Regressions/*; do
  [ -f "$f" ] && [ -s "$f" ] && cp -n "$f" "$CORPUS/regression-$(basename "$f")"
done

# The Swift runtime's own backtracer would race libFuzzer's crash handler; ASan reports instead.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"

echo "== fuzzing the request parser for ${SECONDS_TO_RUN}s (corpus $CORPUS, findings in $ARTIFACTS/)"
rc=0
# -max_len 16 KiB reaches every small limit set and the 8 KiB request-line default;
# -timeout flags any single input that takes over 10 s (a hang), -rss_limit_mb a runaway buffer.
"$BIN" "$CORPUS" -dict=Fuzz/http.dict -max_total_time="$SECONDS_TO_RUN" -max_len=16384 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$ARTIFACTS/" -print_final_stats=1 \
  $( [ "$JOBS" -gt 1 ] && echo "-jobs=$JOBS -workers=$JOBS" ) ${FUZZ_ARGS:-} || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "make fuzz: libFuzzer exited $rc; findings:"
  ls -1 "$ARTIFACTS"/ 2>/dev/null || true
  echo "replay one with: swift build --product ParserFuzz && .build/debug/ParserFuzz $ARTIFACTS/<file>"
  echo "then keep it:     cp $ARTIFACTS/<file> Tests/HTTP1Tests/Regressions/<what-it-is>"
fi
exit "$rc"
