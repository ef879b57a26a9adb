-- bench/lua/common.lua: what the bench steps' wrk scripts share (loaded with dofile).
-- Every thread counts the responses outside 2xx itself (wrk's own status error counts only
-- >= 400), and done() prints bench/report.lua's RESULT line plus non2xx=N.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

non2xx = 0
function count_status(status)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non2xx") or 0) end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, bad))
end

-- Environment through wrk's Lua: os.getenv works in every thread.
function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

-- wrk.format(method, path, headers, body) sends only the headers it is given, not wrk.headers
-- (the -H options: the bearer token); this merges them with Content-Type: application/json.
function json_headers()
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["Content-Type"] = "application/json"
  return h
end
