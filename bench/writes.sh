#!/usr/bin/env bash
# bench/writes.sh (bench/run.sh step writes): Quant creates and updates per second over HTTP,
# durable (each answer after its COMMIT), from 1 and from 64 connections, per backend in IO.
#   create: POST .../ai/tasks, a distinct body per request (bench/lua/create.lua)
#   update: PUT  .../ai/tasks/{taskId} (the Quant update route), a distinct partial update of
#           one of UPDATE_TASKS seeded tasks per request (bench/lua/update.lua)
# Every run reports req/s, p50/p99, errors (socket errors plus every non-2xx answer, counted by
# the Lua script: must be 0), and group commit: the writer's counters from /_polytask/metrics
# (polytask_store_writes_total / polytask_store_write_transactions_total) before and after,
# as writes per commit. Aim (issue 13): 20,000 creates/s or more at c=64.
#
# Environment (defaults in brackets): BIN  OUT [bench-results/<date>/writes]  IO ["epoll dispatch"]
#   DURATION [10s]  WARMUP [2s]  CONNS_LIST ["1 64"]  UPDATE_TASKS [10000]  BASE_PORT [18390]
#   CACHE [bench-results/cache]  PIN SERVER_CPUS WRK_CPUS (bench/lib.sh)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/bench"
BIN="${BIN:-$ROOT/.build/release/polytask}"
OUT="${OUT:-$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)/writes}"
IO="${IO:-epoll dispatch}"; DURATION="${DURATION:-10s}"; WARMUP="${WARMUP:-2s}"
CONNS_LIST="${CONNS_LIST:-1 64}"; BASE_PORT="${BASE_PORT:-18390}"
CACHE="${CACHE:-$ROOT/bench-results/cache}"
export UPDATE_TASKS="${UPDATE_TASKS:-10000}"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
export BENCH_LUA="$HERE/lua" ORG=quant PREFIX=t TASKS="$UPDATE_TASKS"
[ -x "$BIN" ] || die "no $BIN"
mkdir -p "$OUT" "$CACHE" || die "cannot create $OUT"
trap 'stop_polytask; [ -n "${TMPD:-}" ] && rm -rf "$TMPD"' EXIT

SEED="$CACHE/tasks-$UPDATE_TASKS.json"
[ -s "$SEED" ] || python3 "$HERE/gen_seed.py" --tasks "$UPDATE_TASKS" "$SEED" || die "gen_seed.py failed"
TASKS_URL=/api/v3/organizations/quant/ai/tasks

printf 'io\top\tconns\trps\tp50_ms\tp99_ms\tmax_ms\terrors\tnon2xx\twrites\tcommits\twrites_per_commit\n' >"$OUT/results.tsv"
for io in $IO; do
  TMPD="$(mktemp -d -t writes.XXXXXX)"
  start_polytask "$OUT/server-$io.log" "$BASE_PORT" --io "$io" --db "$TMPD/p.db" --seed "$SEED" --log-level warn \
    || { rm -rf "$TMPD"; TMPD=""; continue; }
  for op in create update; do
    for c in $CONNS_LIST; do
      t=2; (( c < 2 )) && t=1
      # A warm-up, then the measured run between two reads of the writer's counters.
      run_wrk "$OUT/$op-$io-c$c.warmup.txt" "-t$t" "-c$c" --timeout 5s "-d$WARMUP" -s "$HERE/lua/$op.lua" "$(url "$TASKS_URL")" >/dev/null
      w0="$(metric polytask_store_writes_total)"; x0="$(metric polytask_store_write_transactions_total)"
      run_wrk "$OUT/$op-$io-c$c.txt" "-t$t" "-c$c" --timeout 5s "-d$DURATION" -s "$HERE/lua/$op.lua" "$(url "$TASKS_URL")" || continue
      w1="$(metric polytask_store_writes_total)"; x1="$(metric polytask_store_write_transactions_total)"
      dw=$(awk -v a="$w0" -v b="$w1" 'BEGIN { printf "%.0f", b - a }'); dx=$(awk -v a="$x0" -v b="$x1" 'BEGIN { printf "%.0f", b - a }')
      wpc=$(awk -v w="$dw" -v x="$dx" 'BEGIN { if (x > 0) printf "%.1f", w / x; else print "-" }')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$io" "$op" "$c" "${R[rps]}" "$(ms "${R[p50_us]}")" "$(ms "${R[p99_us]}")" \
        "$(ms "${R[max_us]}")" "${R[errors]}" "${R[non2xx]}" "$dw" "$dx" "$wpc" | tee -a "$OUT/results.tsv"
    done
  done
  stop_polytask; rm -rf "$TMPD"; TMPD=""
done

{
  echo "| io | op | conns | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | writes | commits | writes per commit |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | **%s** | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' "$OUT/results.tsv"
  echo
  echo "wrk -c{$CONNS_LIST} -d$DURATION (after a $WARMUP warm-up) with bench/lua/create.lua or update.lua; every answer is sent after its COMMIT."
  echo "errors: wrk's socket errors and statuses >= 400; non-2xx: every answer outside 200-299 (both must be 0)."
  echo "writes, commits: polytask_store_writes_total and polytask_store_write_transactions_total over the measured run. Aim: 20,000 creates/s at c=64."
} >"$OUT/table.md"
cat "$OUT/table.md"
