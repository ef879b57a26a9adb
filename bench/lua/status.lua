-- bench/lua/status.lua: one fixed request (wrk's URL) that counts non-2xx answers.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function response(status, headers, body) count_status(status) end
