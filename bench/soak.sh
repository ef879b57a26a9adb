#!/usr/bin/env bash
# bench/soak.sh (bench/run.sh step soak): does polytask stay flat under a long mixed load?
# Per backend in IO, for SOAK_SECONDS: wrk at SOAK_CONNS connections with bench/lua/soak.lua
# (gets, lists, creates, and completions of the created tasks, which expire after
# --quant-completed-ttl SOAK_TTL and are swept), plus one pipelining client (bench/pipeline.py,
# 16 requests per write). Every SAMPLE_EVERY seconds the server's VmRSS, open fds
# (/proc/PID/fd), threads and store size go into samples-<io>.csv. The table gives RSS at the
# first sample after SOAK_WARMUP against the last, the growth, and fds and threads min/max.
# Aims (issue 13): RSS growth under 5 % after warm-up; fds and threads flat.
#
# Environment (defaults in brackets): BIN  OUT [bench-results/<date>/soak]  IO ["epoll dispatch"]
#   SOAK_SECONDS [600]  SOAK_WARMUP [60, at most a fifth of SOAK_SECONDS]  SAMPLE_EVERY [10]
#   SOAK_CONNS [16]  SOAK_TTL [5s]  SOAK_TASKS [10000]  BASE_PORT [18410]  CACHE  PIN SERVER_CPUS WRK_CPUS
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/bench"
BIN="${BIN:-$ROOT/.build/release/polytask}"
OUT="${OUT:-$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)/soak}"
IO="${IO:-epoll dispatch}"; SOAK_SECONDS="${SOAK_SECONDS:-600}"; SAMPLE_EVERY="${SAMPLE_EVERY:-10}"
SOAK_WARMUP="${SOAK_WARMUP:-$(( SOAK_SECONDS / 5 < 60 ? SOAK_SECONDS / 5 : 60 ))}"
SOAK_CONNS="${SOAK_CONNS:-16}"; SOAK_TTL="${SOAK_TTL:-5s}"; SOAK_TASKS="${SOAK_TASKS:-10000}"
BASE_PORT="${BASE_PORT:-18410}"; CACHE="${CACHE:-$ROOT/bench-results/cache}"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
export BENCH_LUA="$HERE/lua" ORG=quant PREFIX=t TASKS="$SOAK_TASKS"
[ -x "$BIN" ] || die "no $BIN"
mkdir -p "$OUT" "$CACHE" || die "cannot create $OUT"
SAMPLER=""
trap '[ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null; stop_polytask; [ -n "${TMPD:-}" ] && rm -rf "$TMPD"' EXIT

SEED="$CACHE/tasks-$SOAK_TASKS.json"
[ -s "$SEED" ] || python3 "$HERE/gen_seed.py" --tasks "$SOAK_TASKS" "$SEED" || die "gen_seed.py failed"
t=2; (( SOAK_CONNS < 2 )) && t=1

printf 'io\tseconds\twrk_requests\twrk_rps\tpipelined\tnon2xx\terrors\trss0_kib\trss1_kib\tgrowth_pct\tfds_min\tfds_max\tthreads_min\tthreads_max\tdb0_mib\tdb1_mib\tfds_after\n' >"$OUT/results.tsv"
for io in $IO; do
  TMPD="$(mktemp -d -t soak.XXXXXX)"
  start_polytask "$OUT/server-$io.log" "$BASE_PORT" --io "$io" --db "$TMPD/p.db" --seed "$SEED" --log-level warn \
    --quant-completed-ttl "$SOAK_TTL" --sweep-interval 1s || { rm -rf "$TMPD"; TMPD=""; continue; }
  csv="$OUT/samples-$io.csv"
  echo "elapsed_s,rss_kib,fds,threads,store_bytes,phase" >"$csv"
  echo "== --io $io: soak for $SOAK_SECONDS s (samples every $SAMPLE_EVERY s into $csv)"
  t0=$(date +%s)
  (
    while kill -0 "$SRV_PID" 2>/dev/null; do
      read -r rss fds thr < <(proc_sample "$SRV_PID")
      echo "$(( $(date +%s) - t0 )),$rss,$fds,$thr,$(metric polytask_store_size_bytes),load" >>"$csv"
      sleep "$SAMPLE_EVERY"
    done
  ) &
  SAMPLER=$!
  python3 "$HERE/pipeline.py" "$HOST" "$SRV_PORT" "$SOAK_SECONDS" --tasks "$SOAK_TASKS" --token "$TOKEN" >"$OUT/pipeline-$io.txt" 2>&1 &
  ppid=$!
  run_wrk "$OUT/wrk-$io.txt" "-t$t" "-c$SOAK_CONNS" --timeout 5s "-d${SOAK_SECONDS}s" -s "$HERE/lua/soak.lua" "$(url /api/v3/organizations/quant/ai/tasks)"
  wait "$ppid"
  # The sampler stops; one last sample a second after the load (its connections closed).
  kill "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null; SAMPLER=""
  sleep 1
  read -r rss fds thr < <(proc_sample "$SRV_PID")
  echo "$(( $(date +%s) - t0 )),$rss,$fds,$thr,$(metric polytask_store_size_bytes),after" >>"$csv"
  stop_polytask; rm -rf "$TMPD"; TMPD=""
  pl="$(grep '^PIPELINE ' "$OUT/pipeline-$io.txt")"
  pipelined="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$pl")"; pbad="$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$pl")"
  awk -F, -v io="$io" -v warm="$SOAK_WARMUP" -v secs="$SOAK_SECONDS" -v req="${R[requests]:-0}" -v rps="${R[rps]:--}" \
      -v pipelined="${pipelined:-0}" -v bad="$(( ${R[non2xx]:-0} + ${pbad:-0} ))" -v errs="${R[errors]:-0}" '
    NR == 1 { next }
    $6 == "after" { fafter = $3; next }
    $1 >= secs { next }   # a sample taken as the clients were stopping
    { if (rss0 == "" && $1 >= warm) { rss0 = $2; db0 = $5 }
      if ($1 < warm) next
      rss1 = $2; db1 = $5
      if (fmin == "" || $3 < fmin) fmin = $3; if ($3 > fmax) fmax = $3
      if (tmin == "" || $4 < tmin) tmin = $4; if ($4 > tmax) tmax = $4 }
    END {
      if (rss0 == "") { rss0 = rss1; db0 = db1 }
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%s\n", io, secs, req, rps, pipelined, bad, errs,
             rss0, rss1, (rss0 > 0 ? 100 * (rss1 - rss0) / rss0 : 0), fmin, fmax, tmin, tmax, db0 / 1048576, db1 / 1048576, fafter }' "$csv" \
    | tee -a "$OUT/results.tsv"
done

{
  echo "| io | seconds | wrk req/s | pipelined requests | non-2xx | errors | RSS after warm-up MiB | RSS at end MiB | growth | fds min-max | fds after load | threads min-max | store MiB (warm-up, end) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %.1f | %.1f | **%s %%** | %s-%s | %s | %s-%s | %s, %s |\n", $1, $2, $4, $5, $6, $7, $8 / 1024, $9 / 1024, $10, $11, $12, $17, $13, $14, $15, $16 }' "$OUT/results.tsv"
  echo
  echo "wrk -c$SOAK_CONNS with bench/lua/soak.lua (50 % get, 15 % list, 20 % create, 15 % complete a created task; completed tasks expire after $SOAK_TTL)"
  echo "plus bench/pipeline.py (16 pipelined requests per write); samples every $SAMPLE_EVERY s (samples-<io>.csv); warm-up $SOAK_WARMUP s."
  echo "RSS: the first sample after the warm-up against the last one under load; fds and threads: min-max over the samples under load after"
  echo "the warm-up; fds after load: one second after the clients stopped. Aims: RSS growth under 5 % after warm-up, fds and threads flat."
} >"$OUT/table.md"
cat "$OUT/table.md"
