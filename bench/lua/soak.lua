-- bench/lua/soak.lua: the soak's mixed load, per request chosen at random:
--   50 % get of a stable seeded task (PREFIX-<i>, i < TASKS), 15 % list (status=pending&limit=50),
--   20 % create (title "Soak ..."), 15 % complete a task this thread created (PUT status
--   completed: with a short --quant-completed-ttl it expires, and the sweeper deletes it).
-- Created ids are read from the create answers ({"taskId":...,"title":"Soak ..."}).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local org = env("ORG", "quant")
local prefix = env("PREFIX", "t")
local tasks = tonumber(env("TASKS", "10000"))
local base = "/api/v3/organizations/" .. org .. "/ai/tasks"
local json = nil
local created, head, tail = {}, 1, 0
local n = 0
function init(args) math.randomseed(2000 + tid); json = json_headers() end
function request()
  n = n + 1
  local r = math.random(100)
  if r <= 15 and tail >= head then
    local id = created[head]; created[head] = nil; head = head + 1
    return wrk.format("PUT", base .. "/" .. id, json, '{"status":"completed","result":{"n":' .. n .. '}}')
  elseif r <= 35 then
    return wrk.format("POST", base, json, string.format('{"title":"Soak %d-%d","status":"in_progress","metadata":{"n":%d}}', tid, n, n))
  elseif r <= 50 then
    return wrk.format("GET", base .. "?status=pending&limit=50")
  end
  return wrk.format("GET", string.format("%s/%s-%07d", base, prefix, math.random(0, tasks - 1)))
end
function response(status, headers, body)
  count_status(status)
  if status == 201 then
    local id = string.match(body, '"taskId":"([^"]+)","orgId":"[^"]*","title":"Soak ')
    if id then tail = tail + 1; created[tail] = id end
  end
end
