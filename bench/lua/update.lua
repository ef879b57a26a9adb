-- bench/lua/update.lua: PUT (the Quant update route) a partial update of an existing task per
-- request, each body distinct: progress and progressMessage change every time. The tasks are
-- PREFIX-<i> for i in [0, TASKS) (bench/gen_seed.py's ids); thread k starts at k * TASKS /
-- threads' worth of offset so threads touch different tasks.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local org = env("ORG", "quant")
local prefix = env("PREFIX", "t")
local tasks = tonumber(env("TASKS", "10000"))
local base = "/api/v3/organizations/" .. org .. "/ai/tasks/"
local n = 0
local hdr
function init(args) n = tid * 7919; hdr = json_headers() end
function request()
  n = n + 1
  local i = n % tasks
  local body = string.format('{"progress":%.4f,"progressMessage":"update %d-%d"}', (n % 1000) / 1000, tid, n)
  return wrk.format("PUT", string.format("%s%s-%07d", base, prefix, i), hdr, body)
end
function response(status, headers, body) count_status(status) end
