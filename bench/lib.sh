# bench/lib.sh: what the step scripts (graph-health, writes, scale, soak) share. Sourced, not run.
# Start one polytask pinned to SERVER_CPUS, wait for /_polytask/ready, stop it by its PID,
# read wrk's RESULT line (bench/report.lua or a Lua script with the same done()) and metrics.
# Expects BIN, OUT; knobs: PIN [1] SERVER_CPUS [0] WRK_CPUS [1] READY_TIMEOUT [120] TOKEN [bench-token].

HOST=127.0.0.1
PIN="${PIN:-1}"; SERVER_CPUS="${SERVER_CPUS:-0}"; WRK_CPUS="${WRK_CPUS:-1}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"; TOKEN="${TOKEN:-bench-token}"
PIN_SRV=(); PIN_WRK=()
if [ "$PIN" = 1 ]; then PIN_SRV=(taskset -c "$SERVER_CPUS"); PIN_WRK=(taskset -c "$WRK_CPUS"); fi
SRV_PID=""; SRV_PORT=""; SRV_READY_MS=""

now_ms() { date +%s%3N; }
die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# start_polytask LOG PORT ARGS...: starts BIN with ARGS (host and port added), waits until
# /_polytask/ready answers 200; SRV_READY_MS is the time from exec to that answer.
start_polytask() {
  local log="$1" port="$2"; shift 2
  if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then echo "port $port busy" >&2; return 1; fi
  local t0; t0=$(now_ms)
  "${PIN_SRV[@]}" "$BIN" --host "$HOST" --port "$port" "$@" >"$log" 2>&1 &
  SRV_PID=$!; SRV_PORT="$port"
  while :; do
    kill -0 "$SRV_PID" 2>/dev/null || { echo "polytask exited during start-up; log:" >&2; tail -20 "$log" >&2; SRV_PID=""; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$HOST:$port/_polytask/ready")" = 200 ] && break
    (( $(now_ms) - t0 > READY_TIMEOUT * 1000 )) && { echo "not ready after ${READY_TIMEOUT}s" >&2; stop_polytask; return 1; }
    sleep 0.02
  done
  SRV_READY_MS=$(( $(now_ms) - t0 ))
}

# stop_polytask: SIGTERM (drain, checkpoint, close), SIGKILL after 30 s.
stop_polytask() {
  [ -n "$SRV_PID" ] || return 0
  kill -TERM "$SRV_PID" 2>/dev/null
  for _ in $(seq 1 300); do kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$SRV_PID" 2>/dev/null && { echo "pid $SRV_PID did not stop in 30 s: SIGKILL" >&2; kill -KILL "$SRV_PID" 2>/dev/null; }
  wait "$SRV_PID" 2>/dev/null
  SRV_PID=""
}

url() { echo "http://$HOST:$SRV_PORT$1"; }

# run_wrk OUTFILE ARGS...: wrk pinned to WRK_CPUS with the bearer token; fills R[] from its RESULT line.
declare -A R=()
run_wrk() {
  local out="$1"; shift
  "${PIN_WRK[@]}" wrk -H "Authorization: Bearer $TOKEN" "$@" >"$out" 2>&1
  R=()
  local line; line="$(grep '^RESULT ' "$out" | tail -1)"
  [ -n "$line" ] || { echo "wrk gave no RESULT line ($out):" >&2; tail -5 "$out" >&2; return 1; }
  local kv
  for kv in ${line#RESULT }; do R[${kv%%=*}]="${kv#*=}"; done
  R[rps]="$(awk -v n="${R[requests]}" -v d="${R[duration_us]}" 'BEGIN { printf "%.0f", n / (d / 1e6) }')"
  R[errors]=$(( ${R[err_connect]:-0} + ${R[err_read]:-0} + ${R[err_write]:-0} + ${R[err_status]:-0} + ${R[err_timeout]:-0} ))
}
ms() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000 }'; }

# metric NAME: the value of an unlabelled series of /_polytask/metrics (0 if absent).
metric() {
  curl -s --max-time 5 "$(url /_polytask/metrics)" | awk -v n="$1" '$1 == n { v = $2 } END { print (v == "" ? 0 : v) }'
}

# proc_sample PID: "rss_kib fds threads" of a live process.
proc_sample() {
  local rss thr fds
  rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null)"
  thr="$(awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null)"
  fds="$(ls "/proc/$1/fd" 2>/dev/null | wc -l)"
  echo "${rss:-0} $fds ${thr:-0}"
}
