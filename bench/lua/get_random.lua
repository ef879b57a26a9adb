-- bench/lua/get_random.lua: GET a random task of PREFIX-<i>, i in [0, TASKS) (bench/gen_seed.py's ids),
-- so a large table is read across its whole key range, not one hot row.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local org = env("ORG", "quant")
local prefix = env("PREFIX", "t")
local tasks = tonumber(env("TASKS", "10000"))
local base = "/api/v3/organizations/" .. org .. "/ai/tasks/"
function init(args) math.randomseed(1000 + tid) end
function request()
  return wrk.format("GET", string.format("%s%s-%07d", base, prefix, math.random(0, tasks - 1)))
end
function response(status, headers, body) count_status(status) end
