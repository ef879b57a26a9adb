#!/usr/bin/env bash
# bench/scale.sh (bench/run.sh step scale): does the Quant API stay fast as the table grows?
# For each size in SIZES (10k, 100k, 1M tasks): start polytask on a prepared database of that
# many tasks, time start-up to ready (exec until GET /_polytask/ready answers 200; the median
# of STARTUP_RUNS starts), then at c=64 for DURATION each: get (a random task of the whole
# table per request, bench/lua/get_random.lua), list (status=pending&limit=50) and create.
# Aims: list flat, get no worse than O(log n), start-up on the 1M file quick.
#
# The databases are made once and kept in CACHE (bench-results/cache/scale-N.db): bench/gen_seed.py
# writes a seed of N tasks, polytask loads it (--seed) into the file and stops. The load runs
# use a copy, so the creates never change the cached file; start-up timing opens the cached file.
#
# Environment (defaults in brackets): BIN  OUT [bench-results/<date>/scale]  IO_ONE [epoll]
#   SIZES ["10000 100000 1000000"]  DURATION [5s]  WARMUP [1s]  CONNS [64]  STARTUP_RUNS [5]
#   BASE_PORT [18400]  CACHE [bench-results/cache]  PIN SERVER_CPUS WRK_CPUS (bench/lib.sh)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/bench"
BIN="${BIN:-$ROOT/.build/release/polytask}"
OUT="${OUT:-$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)/scale}"
IO_ONE="${IO_ONE:-epoll}"; SIZES="${SIZES:-10000 100000 1000000}"
DURATION="${DURATION:-5s}"; WARMUP="${WARMUP:-1s}"; CONNS="${CONNS:-64}"; STARTUP_RUNS="${STARTUP_RUNS:-5}"
BASE_PORT="${BASE_PORT:-18400}"; CACHE="${CACHE:-$ROOT/bench-results/cache}"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
export BENCH_LUA="$HERE/lua" ORG=quant PREFIX=t
[ -x "$BIN" ] || die "no $BIN"
mkdir -p "$OUT" "$CACHE" || die "cannot create $OUT"
trap 'stop_polytask; [ -n "${TMPD:-}" ] && rm -rf "$TMPD"' EXIT
TASKS_URL=/api/v3/organizations/quant/ai/tasks
t=2; (( CONNS < 2 )) && t=1

# prepare N: CACHE/scale-N.db, made once (gen_seed.py, then polytask --seed into it).
prepare() {
  local n="$1" db="$CACHE/scale-$1.db" seed="$CACHE/tasks-$1.json"
  [ -s "$db" ] && return 0
  echo "== preparing $db (once)"
  local t0; t0=$(now_ms)
  [ -s "$seed" ] || python3 "$HERE/gen_seed.py" --tasks "$n" "$seed" || return 1
  rm -f "$db.new" "$db.new-wal" "$db.new-shm" "$db-wal" "$db-shm"
  READY_TIMEOUT=3600 start_polytask "$OUT/prepare-$n.log" "$BASE_PORT" --io "$IO_ONE" --db "$db.new" --seed "$seed" --log-level warn || return 1
  stop_polytask
  # The file set as polytask left it (the -wal may stay, empty after the closing checkpoint).
  for x in -wal -shm; do [ -f "$db.new$x" ] && mv "$db.new$x" "$db$x"; done
  mv "$db.new" "$db"
  # The big seeds are only a step on the way; the 10k one is shared with other steps.
  (( n > 100000 )) && rm -f "$seed"
  echo "   $n tasks in $(( ($(now_ms) - t0) / 1000 )) s, $(du -m "$db" | cut -f1) MiB"
}

printf 'tasks\tdb_mib\tstartup_ms\tstartup_min\tstartup_max\tget_rps\tget_p99_ms\tlist_rps\tlist_p99_ms\tcreate_rps\tcreate_p99_ms\terrors\n' >"$OUT/results.tsv"
for n in $SIZES; do
  prepare "$n" || { echo "could not prepare $n tasks" >&2; continue; }
  db="$CACHE/scale-$n.db"
  starts=()
  # bench/ready_time.py polls every millisecond over a raw socket: a curl per poll (start_polytask)
  # would add its own few ms of start-up, more than the figure measured here.
  for i in $(seq 1 "$STARTUP_RUNS"); do
    ms_ready=$(python3 "$HERE/ready_time.py" "$BASE_PORT" "$BIN" --io "$IO_ONE" --db "$db" --log-level warn) || continue
    starts+=("${ms_ready%.*}")
  done
  read -r smed smin smax < <(printf '%s\n' "${starts[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }')
  echo "== $n tasks: start-up to ready ${starts[*]} ms (median $smed)"
  TMPD="$(mktemp -d -t scale.XXXXXX)"
  for x in "" -wal -shm; do [ -f "$db$x" ] && cp "$db$x" "$TMPD/p.db$x"; done
  start_polytask "$OUT/server-$n.log" "$BASE_PORT" --io "$IO_ONE" --db "$TMPD/p.db" --log-level warn || { rm -rf "$TMPD"; TMPD=""; continue; }
  declare -A S=(); errs=0
  for route in get list create; do
    case "$route" in
      get) script=get_random.lua; u="$TASKS_URL/t-0000000" ;;
      list) script=status.lua; u="$TASKS_URL?status=pending&limit=50" ;;
      create) script=create.lua; u="$TASKS_URL" ;;
    esac
    TASKS="$n" run_wrk "$OUT/$route-$n.warmup.txt" "-t$t" "-c$CONNS" --timeout 5s "-d$WARMUP" -s "$HERE/lua/$script" "$(url "$u")" >/dev/null
    TASKS="$n" run_wrk "$OUT/$route-$n.txt" "-t$t" "-c$CONNS" --timeout 5s "-d$DURATION" -s "$HERE/lua/$script" "$(url "$u")" || continue
    S[$route]="${R[rps]}"; S[$route-p99]="$(ms "${R[p99_us]}")"; errs=$(( errs + R[errors] + R[non2xx] ))
  done
  stop_polytask; rm -rf "$TMPD"; TMPD=""
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$(du -m "$db" | cut -f1)" "$smed" "$smin" "$smax" \
    "${S[get]:--}" "${S[get-p99]:--}" "${S[list]:--}" "${S[list-p99]:--}" "${S[create]:--}" "${S[create-p99]:--}" "$errs" | tee -a "$OUT/results.tsv"
  unset S
done

{
  echo "| tasks | file MiB | start-up to ready ms (median, min-max) | get req/s | get p99 ms | list req/s | list p99 ms | create req/s | create p99 ms | errors + non-2xx |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s (%s-%s) | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' "$OUT/results.tsv"
  echo
  echo "--io $IO_ONE, wrk -t$t -c$CONNS -d$DURATION per route (after $WARMUP); get: a random task of the whole table per request;"
  echo "list: status=pending&limit=50; start-up: median of $STARTUP_RUNS starts on the existing file, exec to the first 200 from /_polytask/ready (bench/ready_time.py)."
} >"$OUT/table.md"
cat "$OUT/table.md"
