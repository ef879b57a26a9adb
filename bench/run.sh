#!/usr/bin/env bash
# bench/run.sh (make bench): build release, then
#   floor     the HTTP floor: GET /_polytask/health vs Hummingbird 2's static route, c=1 and c=64
#             (bench/floor.sh)
#   quant     the Quant get and list routes vs hummingbird2, vapor4 and nginx at c=64
#             (../shared/bench/compare.sh, polytask first, seeded with the shared 10,000 tasks)
#   quant-c1  the same at one connection (latency of one request)
#   store     the store benchmark (StoreTool bench), when StoreTool has one
#   graph-health  c=1 health p50/p99/max while clients fetch a 10,000-task dependency graph (bench/graph-health.sh)
#   writes    Quant creates and updates/s at c=1 and c=64, durable, with group commit (bench/writes.sh)
#   scale     get, list, create at 10k/100k/1M tasks and start-up on the 1M file (bench/scale.sh)
#   soak      SOAK_SECONDS [600] of mixed load; RSS, fds, threads sampled every 10 s (bench/soak.sh)
#   profile   callgrind instructions per request of get, list, health and top functions (bench/profile.sh)
# and print every table. floor, quant and quant-c1 run polytask once per event-loop backend in
# IO (--io epoll, --io dispatch); the peers run with the first backend only, so each later
# backend costs only its own rows. Results go to bench-results/<date-time>/ (ignored by git), with
# bench-results/latest pointing at the newest run, and summary.md holding the tables in the
# form docs/performance.md uses.
#
# Environment (defaults in brackets):
#   STEPS ["floor quant quant-c1 store graph-health writes scale soak profile"]  IO ["epoll dispatch"]  ROUNDS [3]  DURATION [10s]  WARMUP [2s]
#   POLYTASK_ARGS ["--log-level warn"] (polytask's extra flags in floor, quant, quant-c1)
#   SCRATCH [.build]  SHARED [../shared/bench]  OUT [bench-results/<date-time>]
#   QUANT_BASE_PORT [18280] (compare.sh's ports; its own default 18080 is often taken by dev servers)
#   PEERS ["hummingbird2 vapor4 nginx"]  STORE_BENCH_ARGS ["--tasks 10000"] (passed to StoreTool bench)
#   Everything else is passed through to compare.sh / floor.sh (PIN, SERVER_CPUS, WRK_CPUS, ...).
#
# The new steps (graph-health writes scale soak profile) take their own knobs from the
# environment (see each script's header); graph-health, writes and soak loop over IO themselves,
# scale and profile run once. Their generated seeds and the scale step's databases are kept in
# bench-results/cache/ and reused.
#
# The peers are built once per machine (minutes each, one after the other):
#   cd ../shared/bench && python3 seed.py
#   (cd peers/hummingbird2 && swift build -c release) && (cd peers/vapor4 && swift build -c release)
# A peer that is not built is skipped with a note; polytask alone still runs.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$PATH:/opt/swift/usr/bin"
SWIFT="${SWIFT:-swift}"
SCRATCH="${SCRATCH:-.build}"
SHARED="${SHARED:-$ROOT/../shared/bench}"
STEPS="${STEPS:-floor quant quant-c1 store graph-health writes scale soak profile}"
IO="${IO:-epoll dispatch}"
PEERS="${PEERS:-hummingbird2 vapor4 nginx}"
STORE_BENCH_ARGS="${STORE_BENCH_ARGS:---tasks 10000}"
# No log line per request, like the peers (nginx runs with access_log off; the Swift peers do not
# log per request): POLYTASK_ARGS="--log-level info" measures polytask with its request log.
export POLYTASK_ARGS="${POLYTASK_ARGS:---log-level warn}"
export ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-10s}" WARMUP="${WARMUP:-2s}"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="${OUT:-$ROOT/bench-results/$STAMP}"

die() { echo "bench/run.sh: $*" >&2; exit 2; }
command -v wrk >/dev/null || die "wrk not found: apt-get install -y wrk (and nginx for the nginx peer)"
[ -f "$SHARED/compare.sh" ] || die "no $SHARED/compare.sh (the shared peer benchmark)"
SHARED="$(cd "$SHARED" && pwd)"

echo "== release build ($SCRATCH)"
"$SWIFT" build --scratch-path "$SCRATCH" -c release --static-swift-stdlib || die "release build failed"
case "$SCRATCH" in /*) BUILD_DIR="$SCRATCH" ;; *) BUILD_DIR="$ROOT/$SCRATCH" ;; esac
BIN="$BUILD_DIR/release/polytask"
STORETOOL="$BUILD_DIR/release/StoreTool"
[ -x "$BIN" ] || die "no $BIN after the build"

if [ ! -f "$SHARED/data/seed.json" ] || [ ! -f "$SHARED/data/bench.env" ]; then
  echo "== seeding the shared benchmark data (once): $SHARED/seed.py"
  (cd "$SHARED" && python3 seed.py) || die "seed.py failed"
fi

mkdir -p "$OUT" || die "cannot create $OUT"
ln -sfn "$OUT" "$ROOT/bench-results/latest" 2>/dev/null || true
failed=()
first_io="${IO%% *}"

for step in $STEPS; do
  for io in $IO; do
    # Peers once, with the first backend; polytask alone for the others.
    if [ "$io" = "$first_io" ]; then peers="$PEERS"; floor_servers="${SERVERS:-polytask hummingbird2 nginx}"
    else peers=""; floor_servers="polytask"; fi
    POLYTASK="polytask-$io=$BIN --io $io --host {HOST} --port {PORT} --db {TMPDB} --seed {SEED} $POLYTASK_ARGS"
    case "$step" in
      floor)
        echo; echo "######## floor, --io $io"
        # floor.sh starts polytask itself; the backend reaches it through the environment.
        POLYTASK_IO="$io" SERVERS="$floor_servers" OUT="$OUT/floor-$io" BIN="$BIN" SHARED="$SHARED" \
          bash "$ROOT/bench/floor.sh" || failed+=("$step-$io") ;;
      quant)
        echo; echo "######## quant, --io $io"
        # shellcheck disable=SC2086
        OUT="$OUT/quant-c64-$io" CONNS=64 THREADS=2 ROUTES="get list" BASE_PORT="${QUANT_BASE_PORT:-18280}" \
          "$SHARED/compare.sh" "$POLYTASK" $peers || failed+=("$step-$io") ;;
      quant-c1)
        echo; echo "######## quant-c1, --io $io"
        # shellcheck disable=SC2086
        OUT="$OUT/quant-c1-$io" CONNS=1 THREADS=1 ROUTES="get list" BASE_PORT="${QUANT_BASE_PORT:-18280}" \
          "$SHARED/compare.sh" "$POLYTASK" $peers || failed+=("$step-$io") ;;
      store)
        [ "$io" = "$first_io" ] || continue   # no HTTP: one run
        echo; echo "######## store"
        if [ -x "$STORETOOL" ] && timeout 10 "$STORETOOL" --help 2>&1 | grep -qw bench; then
          mkdir -p "$OUT/store"
          # shellcheck disable=SC2086
          (cd "$OUT/store" && "$STORETOOL" bench $STORE_BENCH_ARGS) 2>&1 | tee "$OUT/store/output.txt"
          [ "${PIPESTATUS[0]}" = 0 ] || failed+=("$step")
        else
          echo "StoreTool has no bench command yet: skipped"
        fi ;;
      graph-health|writes|scale|soak|profile)
        [ "$io" = "$first_io" ] || continue   # these loop over IO themselves, or need one run
        echo; echo "######## $step"
        IO="$IO" OUT="$OUT/$step" BIN="$BIN" SHARED="$SHARED" bash "$ROOT/bench/$step.sh" || failed+=("$step") ;;
      *) echo "unknown step $step (floor quant quant-c1 store graph-health writes scale soak profile)" >&2; failed+=("$step"); break ;;
    esac
  done
done

# The tables, together, in the form docs/performance.md uses.
{
  echo "# polytask benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$(uname -srm); $(nproc) cores; $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo);" \
       "polytask $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); ROUNDS=$ROUNDS DURATION=$DURATION"
  for part in floor:"HTTP floor (health route vs static routes)" quant-c64:"Quant routes vs peers, 64 connections" \
              quant-c1:"Quant routes vs peers, 1 connection"; do
    for io in $IO; do
      dir="${part%%:*}-$io"; title="${part#*:}, --io $io"
      [ -f "$OUT/$dir/table.md" ] || continue
      echo; echo "## $title"; echo; cat "$OUT/$dir/table.md"
    done
  done
  if [ -f "$OUT/store/output.txt" ]; then echo; echo "## Store"; echo; echo '```'; cat "$OUT/store/output.txt"; echo '```'; fi
  for part in graph-health:"Health under dependency-graph load" writes:"Quant writes" scale:"Scale: 10k, 100k, 1M tasks" \
              soak:"Soak" profile:"Read path profile (callgrind)"; do
    dir="${part%%:*}"
    [ -f "$OUT/$dir/table.md" ] || continue
    echo; echo "## ${part#*:}"; echo; cat "$OUT/$dir/table.md"
  done
} >"$OUT/summary.md"

echo; echo "######## summary ($OUT)"
for dir in floor quant-c64 quant-c1; do
  for io in $IO; do
    [ -f "$OUT/$dir-$io/table.txt" ] || continue
    echo; echo "-- $dir, --io $io"; cat "$OUT/$dir-$io/table.txt"
  done
done
for dir in graph-health writes scale soak profile; do
  [ -f "$OUT/$dir/table.md" ] || continue
  echo; echo "-- $dir"; cat "$OUT/$dir/table.md"
done
echo; echo "markdown: $OUT/summary.md"
if [ ${#failed[@]} -gt 0 ]; then echo "failed steps: ${failed[*]}" >&2; exit 1; fi
