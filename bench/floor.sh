#!/usr/bin/env bash
# bench/floor.sh: the HTTP floor. polytask's GET /_polytask/health next to Hummingbird 2's
# GET /static/body (and nginx's, as the ceiling), at 1 and 64 connections, with the same wrk
# flags and pinning as ../shared/bench/compare.sh: server on CPU 0, wrk on CPU 1.
#
# Neither route touches a database or encodes much JSON, so this measures each HTTP stack:
# accept, parse, route, write. The bodies differ (health ~40 B, static 690 B); at these sizes
# the cost is per request, not per byte.
#
# Rounds are interleaved (A B C, A B C, ...), each server restarted per round; the table shows
# the round with the median req/s and the min-max over rounds.
#
# Environment (defaults in brackets):
#   BIN [.build/release/polytask]  SHARED [../shared/bench]  OUT [bench-results/<date>/floor]
#   ROUNDS [3]  DURATION [10s]  WARMUP [2s]  CONNS_LIST ["1 64"]  TIMEOUT [5s]
#   PIN [1]  SERVER_CPUS [0]  WRK_CPUS [1]  BASE_PORT [18180]  READY_TIMEOUT [60]
#   SERVERS ["polytask hummingbird2 nginx"] (peers that are not built are skipped)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/bench"
BIN="${BIN:-$ROOT/.build/release/polytask}"
SHARED="${SHARED:-$ROOT/../shared/bench}"
OUT="${OUT:-$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)/floor}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
CONNS_LIST="${CONNS_LIST:-1 64}"
TIMEOUT="${TIMEOUT:-5s}"
PIN="${PIN:-1}"
SERVER_CPUS="${SERVER_CPUS:-0}"
WRK_CPUS="${WRK_CPUS:-1}"
BASE_PORT="${BASE_PORT:-18180}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
SERVERS="${SERVERS:-polytask hummingbird2 nginx}"
HOST=127.0.0.1

die() { echo "floor.sh: $*" >&2; exit 2; }
command -v wrk >/dev/null || die "wrk not found (apt-get install -y wrk)"
command -v curl >/dev/null || die "curl not found"
[ -x "$BIN" ] || die "no $BIN: build it first (swift build -c release)"
SHARED="$(cd "$SHARED" 2>/dev/null && pwd)" || die "no shared bench folder"

GET_REF=""
if [ -f "$SHARED/data/bench.env" ]; then
  # shellcheck disable=SC1091
  GET_REF="$(. "$SHARED/data/bench.env"; echo "$SHARED/data/static/$ORG/tasks/$TASK_ID.json")"
fi

# name -> command (with {PORT}, {TMP}) and path; returns 1 when the peer is not available.
server_cmd() {
  case "$1" in
    polytask) echo "$BIN --host $HOST --port {PORT} --db {TMP}/polytask.db ${POLYTASK_ARGS:---log-level warn}" ;;
    hummingbird2)
      local b="$SHARED/peers/hummingbird2/.build/release/HBPeer"
      [ -x "$b" ] && [ -f "$GET_REF" ] || return 1
      echo "$b --host $HOST --port {PORT} --db $SHARED/data/tasks.db --static-body $GET_REF" ;;
    vapor4)
      local b="$SHARED/peers/vapor4/.build/release/VaporPeer"
      [ -x "$b" ] && [ -f "$GET_REF" ] || return 1
      echo "$b --host $HOST --port {PORT} --db $SHARED/data/tasks.db --static-body $GET_REF" ;;
    nginx)
      command -v nginx >/dev/null && [ -f "$GET_REF" ] || return 1
      echo "$SHARED/peers/nginx/run.sh {PORT} $SHARED/data/static $GET_REF" ;;
    *) return 1 ;;
  esac
}
server_path() { case "$1" in polytask) echo /_polytask/health ;; *) echo /static/body ;; esac; }

NAMES=()
for s in $SERVERS; do
  if server_cmd "$s" >/dev/null; then NAMES+=("$s"); else echo "floor.sh: skipping $s (not built / no data: see ../shared/bench/README.md)" >&2; fi
done
[ ${#NAMES[@]} -gt 0 ] || die "no server to run"
mkdir -p "$OUT" || die "cannot create $OUT"

tree_pids() {
  local all queue=("$1") out=() p
  all="$(ps -e -o pid=,ppid=)"
  while [ ${#queue[@]} -gt 0 ]; do
    p="${queue[0]}"; queue=("${queue[@]:1}"); out+=("$p")
    # shellcheck disable=SC2207
    queue+=($(awk -v pp="$p" '$2 == pp { print $1 }' <<<"$all"))
  done
  echo "${out[@]}"
}
cpu_ticks() {
  local t=0 p f
  for p in "$@"; do
    f="$(cat "/proc/$p/stat" 2>/dev/null)" || continue
    f="${f##*) }"
    # shellcheck disable=SC2086
    set -- $f
    t=$(( t + ${12} + ${13} ))
  done
  echo "$t"
}
hwm_kb() {
  local t=0 p v
  for p in "$@"; do v="$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null)"; t=$(( t + ${v:-0} )); done
  echo "$t"
}
CUR_PID=""; CUR_TREE=(); CUR_TMP=""
cleanup() {
  if [ -n "$CUR_PID" ] && kill -0 "$CUR_PID" 2>/dev/null; then
    kill -TERM "$CUR_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$CUR_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$CUR_PID" 2>/dev/null && { echo "  pid $CUR_PID did not stop on SIGTERM in 10 s: SIGKILL" >&2; kill -KILL "$CUR_PID" 2>/dev/null; }
  fi
  [ -n "$CUR_PID" ] && wait "$CUR_PID" 2>/dev/null
  for p in "${CUR_TREE[@]}"; do [ "$p" != "$CUR_PID" ] && kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  CUR_PID=""; CUR_TREE=()
  [ -n "$CUR_TMP" ] && rm -rf "$CUR_TMP"; CUR_TMP=""
  return 0
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

PIN_SRV=(); PIN_WRK=()
if [ "$PIN" = 1 ]; then PIN_SRV=(taskset -c "$SERVER_CPUS"); PIN_WRK=(taskset -c "$WRK_CPUS"); fi
CLK_TCK="$(getconf CLK_TCK)"

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "host: $(uname -srm); $(nproc) cores; $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2) -c{$CONNS_LIST} (-t1 at c=1, else -t2) --timeout $TIMEOUT -d$DURATION (warm-up $WARMUP); rounds: $ROUNDS"
  if [ "$PIN" = 1 ]; then echo "pinning: server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS (taskset)"; else echo "pinning: none"; fi
  for n in "${NAMES[@]}"; do echo "$n: GET $(server_path "$n"): $(server_cmd "$n")"; done
} | tee "$OUT/meta.txt"

RUNS="$OUT/runs.tsv"
printf 'round\tserver\troute\tconns\trps\tp50_ms\tp90_ms\tp99_ms\tp999_ms\tmax_ms\terrors\tsrv_cpu_pct\tpeak_rss_mib\tbody_bytes\n' >"$RUNS"

for round in $(seq 1 "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    name="${NAMES[$i]}"; port=$((BASE_PORT + i)); path="$(server_path "$name")"
    CUR_TMP="$(mktemp -d -t floor.XXXXXX)" || die "mktemp failed"
    cmd="$(server_cmd "$name")"; cmd="${cmd//\{PORT\}/$port}"; cmd="${cmd//\{TMP\}/$CUR_TMP}"
    echo; echo "== [round $round/$ROUNDS] $name on $HOST:$port: $cmd"
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then echo "  port $port busy: skipping" >&2; cleanup; continue; fi
    log="$OUT/$name.r$round.server.log"
    "${PIN_SRV[@]}" bash -c "exec $cmd" >"$log" 2>&1 &
    CUR_PID=$!; CUR_TREE=("$CUR_PID")
    t0=$(date +%s); ready=0
    while :; do
      kill -0 "$CUR_PID" 2>/dev/null || { echo "  exited during start-up; log:" >&2; tail -20 "$log" >&2; break; }
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$HOST:$port$path")"
      [ "$code" = 200 ] && { ready=1; break; }
      (( $(date +%s) - t0 > READY_TIMEOUT )) && { echo "  not ready after ${READY_TIMEOUT}s (last status $code)" >&2; break; }
      sleep 0.1
    done
    [ "$ready" = 1 ] || { cleanup; continue; }
    CUR_TREE=($(tree_pids "$CUR_PID"))
    url="http://$HOST:$port$path"
    size="$(curl -s --max-time 5 -o "$OUT/$name.body" -w '%{size_download}' "$url")"
    curl -s --max-time 5 -D "$OUT/$name.headers" -o /dev/null "$url"
    for c in $CONNS_LIST; do
      t=2; (( c < 2 )) && t=1
      WRK=(wrk "-t$t" "-c$c" --timeout "$TIMEOUT" -s "$HERE/report.lua")
      "${PIN_WRK[@]}" "${WRK[@]}" "-d$WARMUP" "$url" >"$OUT/$name.c$c.r$round.warmup.txt" 2>&1
      c0=$(cpu_ticks "${CUR_TREE[@]}")
      "${PIN_WRK[@]}" "${WRK[@]}" "-d$DURATION" --latency "$url" >"$OUT/$name.c$c.r$round.wrk.txt" 2>&1
      c1=$(cpu_ticks "${CUR_TREE[@]}")
      line="$(grep '^RESULT ' "$OUT/$name.c$c.r$round.wrk.txt")"
      if [ -z "$line" ]; then echo "  wrk failed at c=$c:" >&2; tail -5 "$OUT/$name.c$c.r$round.wrk.txt" >&2; continue; fi
      declare -A R=()
      for kv in ${line#RESULT }; do R[${kv%%=*}]="${kv#*=}"; done
      errs=$(( R[err_connect] + R[err_read] + R[err_write] + R[err_status] + R[err_timeout] ))
      awk -v k="$round" -v n="$name" -v r="$path" -v c="$c" -v req="${R[requests]}" -v dur="${R[duration_us]}" \
          -v p50="${R[p50_us]}" -v p90="${R[p90_us]}" -v p99="${R[p99_us]}" -v p999="${R[p999_us]}" -v mx="${R[max_us]}" \
          -v e="$errs" -v dc="$((c1 - c0))" -v tck="$CLK_TCK" -v sz="$size" 'BEGIN {
            s = dur / 1e6
            printf "%s\t%s\t%s\t%s\t%.0f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%.0f\t-\t%s\n",
                   k, n, r, c, req / s, p50 / 1000, p90 / 1000, p99 / 1000, p999 / 1000, mx / 1000, e, 100 * dc / tck / s, sz }' \
        | tee -a "$RUNS" | awk -F'\t' '{ printf "  c=%-3s %9s req/s  p50 %s ms  p99 %s ms  p99.9 %s ms  max %s ms  errors %s  server CPU %s%%\n", $4, $5, $6, $8, $9, $10, $11, $12 }'
      unset R
    done
    rss="$(awk -v k="$(hwm_kb "${CUR_TREE[@]}")" 'BEGIN { printf "%.1f", k / 1024 }')"
    awk -F'\t' -v OFS='\t' -v k="$round" -v n="$name" -v rss="$rss" 'NR > 1 && $1 == k && $2 == n { $13 = rss } { print }' "$RUNS" >"$RUNS.tmp" && mv "$RUNS.tmp" "$RUNS"
    echo "  peak RSS $rss MiB"
    cleanup
  done
done

# Per server and connection count: the round with the median req/s, and the range.
RESULTS="$OUT/results.tsv"
{
  printf 'server\troute\tconns\trps\trps_min\trps_max\tp50_ms\tp99_ms\tp999_ms\tmax_ms\terrors\tsrv_cpu_pct\tpeak_rss_mib\tbody_bytes\trounds\n'
  for c in $CONNS_LIST; do
    for name in "${NAMES[@]}"; do
      ok="$(awk -F'\t' -v n="$name" -v c="$c" 'NR > 1 && $2 == n && $4 == c' "$RUNS" | sort -t$'\t' -k5,5n)"
      [ -n "$ok" ] || continue
      cnt=$(wc -l <<<"$ok"); med="$(sed -n "$(( (cnt + 1) / 2 ))p" <<<"$ok")"
      lo="$(head -1 <<<"$ok" | cut -f5)"; hi="$(tail -1 <<<"$ok" | cut -f5)"
      rss="$(cut -f13 <<<"$ok" | sort -n | tail -1)"
      awk -F'\t' -v OFS='\t' -v lo="$lo" -v hi="$hi" -v cnt="$cnt" -v rss="$rss" \
        '{ print $2, $3, $4, $5, lo, hi, $6, $8, $9, $10, $11, $12, rss, $14, cnt }' <<<"$med"
    done
  done
} >"$RESULTS"

print_table() {  # $1 = text | md; "vs first" divides by the first server's req/s at the same conns
  awk -F'\t' -v fmt="$1" '
    NR == 1 { next }
    { rows[NR] = $0; if (!($3 in base)) base[$3] = $4 }
    END {
      if (fmt == "md") {
        print "| server | route | conns | req/s (median) | req/s min-max | p50 ms | p99 ms | p99.9 ms | max ms | errors | server CPU % | peak RSS MiB | body B | vs first |"
        print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      } else
        printf "%-13s %-18s %5s %9s %13s %8s %8s %8s %8s %6s %8s %8s %6s %8s\n", "server", "route", "conns", "req/s", "min-max", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "srv CPU%", "RSS MiB", "body B", "vs first"
      for (i = 2; i <= NR; i++) {
        split(rows[i], f, "\t")
        ratio = base[f[3]] > 0 ? sprintf("%.2fx", f[4] / base[f[3]]) : "-"
        if (fmt == "md")
          printf "| %s | %s | %s | %s | %s-%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], ratio
        else
          printf "%-13s %-18s %5s %9s %13s %8s %8s %8s %8s %6s %8s %8s %6s %8s\n", f[1], f[2], f[3], f[4], f[5] "-" f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], ratio
      }
    }' "$RESULTS"
}
echo
print_table text | tee "$OUT/table.txt"
print_table md >"$OUT/table.md"
echo
echo "req/s, latencies, CPU: the round with the median req/s ($ROUNDS round(s)); min-max over the rounds;"
echo "vs first: req/s divided by the first server's at the same connection count; RSS: max VmHWM."
echo "saved: $OUT/{meta.txt,runs.tsv,results.tsv,table.txt,table.md} and raw wrk output"
