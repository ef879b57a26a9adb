#!/usr/bin/env bash
# bench/profile.sh (bench/run.sh step profile): where a read request's CPU goes.
# callgrind counts instructions, which do not depend on the machine's load, so this runs on a
# busy machine too. polytask (release build) starts under valgrind --tool=callgrind with
# instrumentation off, loads the shared 10,000-task seed, answers a few requests of each route
# to warm up, then for each route: instrumentation on, exactly N requests on one keep-alive
# connection (bench/fire.py, every answer checked to be 200), a dump, instrumentation off.
# Instructions per request = the dump's total (every thread) / N. The table gives them for get,
# list (status=pending&limit=50) and health, and the top inclusive costs of get and list.
# Then, if perf can sample here (perf_event_paranoid <= 1 or root), perf record -g of a short
# wrk run of each route on the uninstrumented binary, and perf report's top entries.
#
# Environment (defaults in brackets): BIN  SHARED [../shared/bench]  OUT [bench-results/<date>/profile]
#   N [2000]  TOP [10]  PERF [1]  PERF_SECONDS [5]  IO_ONE [epoll]  BASE_PORT [18420]
#   LOG_LEVEL [info] (the default, as in the quant step: one JSON log line per request, written
#   by the logger's own thread, which callgrind counts too)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/bench"
BIN="${BIN:-$ROOT/.build/release/polytask}"
SHARED="${SHARED:-$ROOT/../shared/bench}"
OUT="${OUT:-$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)/profile}"
N="${N:-2000}"; TOP="${TOP:-10}"; PERF="${PERF:-1}"; PERF_SECONDS="${PERF_SECONDS:-5}"
IO_ONE="${IO_ONE:-epoll}"; BASE_PORT="${BASE_PORT:-18420}"; LOG_LEVEL="${LOG_LEVEL:-info}"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
[ -x "$BIN" ] || die "no $BIN"
command -v valgrind >/dev/null && command -v callgrind_control >/dev/null || die "valgrind (callgrind) not found"
[ -f "$SHARED/data/seed.json" ] && [ -f "$SHARED/data/bench.env" ] || die "no $SHARED/data (run seed.py)"
# shellcheck disable=SC1091
. "$SHARED/data/bench.env"
mkdir -p "$OUT" || die "cannot create $OUT"
OUT="$(cd "$OUT" && pwd)"
TMPD="$(mktemp -d -t profile.XXXXXX)"; VG=""
trap '[ -n "$VG" ] && kill -TERM "$VG" 2>/dev/null && wait "$VG" 2>/dev/null; stop_polytask; rm -rf "$TMPD"' EXIT
SWIFT_DEMANGLE=(cat)
for s in swift /opt/swift/usr/bin/swift; do
  if command -v "$s" >/dev/null && "$s" demangle --help >/dev/null 2>&1; then SWIFT_DEMANGLE=("$s" demangle --simplified); break; fi
done

GET="/api/v3/organizations/$ORG/ai/tasks/$TASK_ID"
LIST="/api/v3/organizations/$ORG/ai/tasks?status=$LIST_STATUS&limit=$LIST_LIMIT"
HEALTH="/_polytask/health"
port="$BASE_PORT"

# valgrind 3.19 cannot read the DWARF 5 in the statically linked Swift runtime ("unhandled dwarf2
# abbrev form", then it gives up): callgrind runs a copy without debug info. Function names
# come from the symbol table, which is all the per-function costs need.
objcopy --strip-debug "$BIN" "$TMPD/polytask" || die "objcopy --strip-debug failed"
echo "== callgrind: $BIN (without debug info) under valgrind (start-up takes a while)"
rm -f "$OUT"/callgrind.out*
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.out" \
  "$TMPD/polytask" --io "$IO_ONE" --host "$HOST" --port "$port" --db "$TMPD/p.db" --seed "$SHARED/data/seed.json" --log-level "$LOG_LEVEL" \
  >"$TMPD/server.out" 2>"$OUT/valgrind.log" &
VG=$!
t0=$(date +%s)
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$HOST:$port/_polytask/ready")" = 200 ]; do
  kill -0 "$VG" 2>/dev/null || { tail -20 "$OUT/valgrind.log" >&2; die "polytask under valgrind exited"; }
  (( $(date +%s) - t0 > 600 )) && die "not ready under valgrind after 600 s"
  sleep 1
done
echo "   ready after $(( $(date +%s) - t0 )) s"
for p in "$GET" "$LIST" "$HEALTH"; do python3 "$HERE/fire.py" "$HOST" "$port" "$p" 20 --token "$TOKEN" || die "warm-up of $p failed"; done

printf 'route\trequests\tinstructions\tper_request\n' >"$OUT/results.tsv"
dump=0
for route in get list health; do
  case "$route" in get) p="$GET" ;; list) p="$LIST" ;; health) p="$HEALTH" ;; esac
  callgrind_control -z "$VG" >/dev/null
  callgrind_control -i on "$VG" >/dev/null || die "callgrind_control -i on failed"
  python3 "$HERE/fire.py" "$HOST" "$port" "$p" "$N" --token "$TOKEN" || die "$route: not every answer was 200"
  callgrind_control -i off "$VG" >/dev/null
  callgrind_control -d "$route" "$VG" >/dev/null
  dump=$((dump + 1))
  f="$(ls -t "$OUT"/callgrind.out.* 2>/dev/null | head -1)"
  [ -n "$f" ] || die "no callgrind dump after $route"
  mv "$f" "$OUT/callgrind.$route"
  # A dump's own total is its "totals:" line (its "summary:" can be 0 after a zero and toggle).
  ir="$(awk '/^totals:/ { print $2; exit }' "$OUT/callgrind.$route")"
  printf '%s\t%s\t%s\t%s\n' "$route" "$N" "$ir" "$(( ir / N ))" | tee -a "$OUT/results.tsv"
  callgrind_annotate --inclusive=yes --threshold=100 "$OUT/callgrind.$route" 2>/dev/null | "${SWIFT_DEMANGLE[@]}" >"$OUT/annotate-$route.txt"
  callgrind_annotate --threshold=100 "$OUT/callgrind.$route" 2>/dev/null | "${SWIFT_DEMANGLE[@]}" >"$OUT/self-$route.txt"
done
kill -TERM "$VG" 2>/dev/null; wait "$VG" 2>/dev/null; VG=""

# The top entries of callgrind_annotate ("Ir (pct)  file:function" lines), per request. The
# inclusive list skips the frames every request passes through (event loop, connection, front
# door, router, middleware plumbing: over SKIP_PCT % of the total), so what is left names the work.
SKIP_PCT="${SKIP_PCT:-60}"
top() {  # $1 = annotate output, $2 = 1 to skip the shared frames
  awk -v n="$N" -v top="$TOP" -v skip="$2" -v skip_pct="$SKIP_PCT" '
    /^-+$/ { dashes++; next }
    dashes >= 3 && NF >= 3 && $1 ~ /^[0-9,]+$/ && $0 !~ /PROGRAM TOTALS/ {
      ir = $1; gsub(",", "", ir)
      if (!match($0, /\( *[0-9.]+%\)/)) next
      pct = substr($0, RSTART, RLENGTH); gsub(/[()% ]/, "", pct)
      if (skip && pct + 0 > skip_pct) next
      line = $0; sub(/^ *[0-9,]+ *\( *[0-9.]+%\) */, "", line); sub(/^[^:]*:/, "", line); sub(/ \[[^]]*\]$/, "", line)
      if (length(line) > 110) line = substr(line, 1, 107) "..."
      gsub(/\|/, "\\|", line)
      printf "| %d | %s%% | %s |\n", ir / n, pct, line
      if (++k >= top) exit
    }' "$1"
}
perf_note=""
if [ "$PERF" = 1 ] && command -v perf >/dev/null; then
  if [ "$(cat /proc/sys/kernel/perf_event_paranoid)" -le 1 ] || [ "$(id -u)" = 0 ]; then
    echo "== perf record (uninstrumented, $PERF_SECONDS s of wrk per route)"
    start_polytask "$OUT/perf-server.log" "$port" --io "$IO_ONE" --db "$TMPD/q.db" --seed "$SHARED/data/seed.json" --log-level "$LOG_LEVEL" || die "start failed"
    for route in get list; do
      case "$route" in get) p="$GET" ;; list) p="$LIST" ;; esac
      perf record -F 999 -g -o "$OUT/perf-$route.data" -p "$SRV_PID" -- sleep "$PERF_SECONDS" >"$OUT/perf-$route.log" 2>&1 &
      rec=$!
      "${PIN_WRK[@]}" wrk -H "Authorization: Bearer $TOKEN" -t2 -c64 "-d${PERF_SECONDS}s" "$(url "$p")" >"$OUT/perf-$route.wrk.txt" 2>&1
      wait "$rec"
      perf report -i "$OUT/perf-$route.data" --no-children --sort symbol --stdio 2>/dev/null | "${SWIFT_DEMANGLE[@]}" >"$OUT/perf-$route.txt" \
        || perf_note="perf report failed"
    done
    stop_polytask
  else
    perf_note="perf skipped: perf_event_paranoid is $(cat /proc/sys/kernel/perf_event_paranoid) and not root"
  fi
fi

{
  echo "| route | requests | instructions (all threads) | instructions per request |"
  echo "|---|---:|---:|---:|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | **%s** |\n", $1, $2, $3, $4 }' "$OUT/results.tsv"
  echo
  echo "valgrind --tool=callgrind, release build, --io $IO_ONE --log-level $LOG_LEVEL, the shared 10,000-task seed; $N requests per route on one keep-alive"
  echo "connection (bench/fire.py) after 20 of warm-up; get = GET $GET, list = GET $LIST."
  for route in list get; do
    echo; echo "Top $TOP inclusive costs of the $route route below the shared request frames (those over $SKIP_PCT % of the total):"; echo
    echo "| Ir / request | of total | function |"; echo "|---:|---:|---|"
    top "$OUT/annotate-$route.txt" 1
    echo; echo "Top $TOP self costs of the $route route:"; echo
    echo "| Ir / request | of total | function |"; echo "|---:|---:|---|"
    top "$OUT/self-$route.txt" 0
  done
  if [ -f "$OUT/perf-list.txt" ]; then
    echo; echo "perf record (self time, top entries of the list route; full reports in perf-*.txt):"; echo; echo '```'
    grep -v '^#' "$OUT/perf-list.txt" | grep -E '^ +[0-9.]+%' | head -"$TOP" | sed 's/ *[-]* *[-]* *$//'; echo '```'
  fi
  [ -n "$perf_note" ] && { echo; echo "$perf_note"; }
} >"$OUT/table.md"
cat "$OUT/table.md"
