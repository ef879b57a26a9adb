-- wrk done() hook for bench/floor.sh: one machine-readable line, latencies in microseconds.
-- The same fields as ../shared/bench/lib/report.lua, plus p99.9, so that a rare stall
-- (Nagle / delayed-ACK 40 ms) shows even when p99 hides it. Only done() is defined, so wrk
-- keeps its fast path (no Lua per request). bench/lua/common.lua loads this file for
-- result_line() and appends its own non2xx count.
function result_line(summary, latency, extra)
  local e = summary.errors
  return string.format(
    "RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d%s\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, extra or "")
end

done = function(summary, latency, requests)
  io.write(result_line(summary, latency))
end
