-- bench/lua/create.lua: POST a new Quant task per request, each body distinct (thread id and
-- a counter in the title, a rotating status, assignee and task list). ORG from the environment.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local org = env("ORG", "quant")
local path = "/api/v3/organizations/" .. org .. "/ai/tasks"
local n = 0
local hdr
function init(args) hdr = json_headers() end
local statuses = { "pending", "in_progress", "blocked" }
function request()
  n = n + 1
  local body = string.format(
    '{"title":"Bench task %d-%d","description":"Created by bench/lua/create.lua","status":"%s",' ..
    '"assignedAgentId":"agent-%03d","taskListId":"bench-%d","metadata":{"n":%d,"source":"bench"}}',
    tid, n, statuses[n % 3 + 1], n % 200, n % 50, n)
  return wrk.format("POST", path, hdr, body)
end
function response(status, headers, body) count_status(status) end
