#!/usr/bin/env bash
# bench/graph-health.sh (bench/run.sh step graph-health): is the event loop free while dependency
# graphs are built? Seeds one Quant task list of GRAPH_TASKS (10,000) tasks, each depending on
# the two before it (bench/gen_seed.py), then per backend in IO: a c=1 health check
# (GET /_polytask/health, wrk with report.lua) alone, and again while GRAPH_CONNS clients fetch
# that list's dependency graph (GET .../ai/tasks/graph-list/dependency-graph, about 4 MB, built
# off the loop on the offload pool). The table gives health p50/p99/p99.9/max for both, and the
# graphs/s served meanwhile. Aim (issue 9): health p99 under 5 ms under graph load.
#
# Environment (defaults in brackets): BIN [.build/release/polytask]  OUT [bench-results/<date>/graph-health]
#   IO ["epoll dispatch"]  DURATION [10s]  GRAPH_TASKS [10000]  GRAPH_CONNS [2]  BASE_PORT [18380]
#   CACHE [bench-results/cache] (the generated seed is kept there)  PIN SERVER_CPUS WRK_CPUS (bench/lib.sh)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/bench"
BIN="${BIN:-$ROOT/.build/release/polytask}"
OUT="${OUT:-$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)/graph-health}"
IO="${IO:-epoll dispatch}"; DURATION="${DURATION:-10s}"
GRAPH_TASKS="${GRAPH_TASKS:-10000}"; GRAPH_CONNS="${GRAPH_CONNS:-2}"; BASE_PORT="${BASE_PORT:-18380}"
CACHE="${CACHE:-$ROOT/bench-results/cache}"
export GRAPH_CONNS
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
export BENCH_LUA="$HERE/lua"
[ -x "$BIN" ] || die "no $BIN"
mkdir -p "$OUT" "$CACHE" || die "cannot create $OUT"
trap 'stop_polytask; [ -n "${TMPD:-}" ] && rm -rf "$TMPD"' EXIT

SEED="$CACHE/graph-$GRAPH_TASKS.json"
[ -s "$SEED" ] || python3 "$HERE/gen_seed.py" --tasks "$GRAPH_TASKS" --list graph-list --list-tasks "$GRAPH_TASKS" --deps 2 "$SEED" \
  || die "gen_seed.py failed"
GRAPH=/api/v3/organizations/quant/ai/tasks/graph-list/dependency-graph
secs="${DURATION%s}"

printf 'io\tload\thealth_rps\tp50_ms\tp99_ms\tp999_ms\tmax_ms\terrors\tgraph_rps\tgraph_p50_ms\tgraph_errors\n' >"$OUT/results.tsv"
for io in $IO; do
  TMPD="$(mktemp -d -t graph-health.XXXXXX)"
  echo "== --io $io: seeding $GRAPH_TASKS tasks in one list"
  start_polytask "$OUT/server-$io.log" "$BASE_PORT" --io "$io" --db "$TMPD/p.db" --seed "$SEED" \
    --quant-graph-max-tasks "$GRAPH_TASKS" --log-level warn || { rm -rf "$TMPD"; continue; }
  echo "   ready in $SRV_READY_MS ms"
  # The graph must be the whole list, or the load is not what the table says.
  n="$(curl -s -H "Authorization: Bearer $TOKEN" "$(url "$GRAPH")" | python3 -c 'import json,sys; print(json.load(sys.stdin)["taskCount"])')"
  [ "$n" = "$GRAPH_TASKS" ] || { echo "graph answered taskCount=$n, expected $GRAPH_TASKS" >&2; stop_polytask; rm -rf "$TMPD"; continue; }
  for load in none graphs; do
    g=()
    if [ "$load" = graphs ]; then
      # The graph clients run longer than the health check on both sides.
      "${PIN_WRK[@]}" wrk -H "Authorization: Bearer $TOKEN" -t1 "-c$GRAPH_CONNS" --timeout 30s "-d$((secs + 3))s" \
        -s "$HERE/lua/status.lua" "$(url "$GRAPH")" >"$OUT/graphs-$io.txt" 2>&1 &
      gpid=$!; sleep 1.5
    fi
    run_wrk "$OUT/health-$io-$load.txt" -t1 -c1 --timeout 5s "-d$DURATION" -s "$HERE/report.lua" "$(url /_polytask/health)" || continue
    declare -A H=(); for k in "${!R[@]}"; do H[$k]="${R[$k]}"; done
    graph_rps=-; graph_p50=-; graph_err=-
    if [ "$load" = graphs ]; then
      wait "$gpid"
      line="$(grep '^RESULT ' "$OUT/graphs-$io.txt")"
      if [ -n "$line" ]; then
        declare -A G=(); for kv in ${line#RESULT }; do G[${kv%%=*}]="${kv#*=}"; done
        graph_rps="$(awk -v n="${G[requests]}" -v d="${G[duration_us]}" 'BEGIN { printf "%.1f", n / (d / 1e6) }')"
        graph_p50="$(ms "${G[p50_us]}")"
        graph_err=$(( G[err_connect] + G[err_read] + G[err_write] + G[err_timeout] + G[non2xx] ))
        unset G
      fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$io" "$load" "${H[rps]}" "$(ms "${H[p50_us]}")" "$(ms "${H[p99_us]}")" \
      "$(ms "${H[p999_us]}")" "$(ms "${H[max_us]}")" "${H[errors]}" "$graph_rps" "$graph_p50" "$graph_err" | tee -a "$OUT/results.tsv"
    unset H
  done
  stop_polytask; rm -rf "$TMPD"; TMPD=""
done

{
  echo "| io | graph load | health req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | graphs/s | graph p50 ms | graph errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 { l = ($2 == "none" ? "none" : ENVIRON["GRAPH_CONNS"] " clients"); printf "| %s | %s | %s | %s | **%s** | %s | %s | %s | %s | %s | %s |\n", $1, l, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$OUT/results.tsv"
  echo
  echo "Health check at c=1 (wrk -t1 -c1 -d$DURATION), alone and while $GRAPH_CONNS clients fetch the dependency graph of a $GRAPH_TASKS-task list; aim: p99 under 5 ms."
} >"$OUT/table.md"
cat "$OUT/table.md"
