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

dofile(os.getenv("BENCH_LUA") .. "/../report.lua")   -- result_line()
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non2xx") or 0) end
  io.write(result_line(summary, latency, string.format(" non2xx=%d", bad)))
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
