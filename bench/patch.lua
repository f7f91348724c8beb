-- wrk script of ./build.sh bench: each request PATCHes one random field of one random seeded
-- influencer with a random value of that field. The fields and values are the benchmark's
-- workload (BenchWorkload in Layers.Bench.Bare), which the runner passes on; ids follow its scheme.
-- Env: LAYERS_BENCH_KEY (API key), LAYERS_BENCH_FIRST and LAYERS_BENCH_COUNT (seeded numbers),
-- LAYERS_BENCH_FIELDS (the workload: field=value,value;field=...).

local key = assert(os.getenv("LAYERS_BENCH_KEY"), "LAYERS_BENCH_KEY is not set")
local first = tonumber(os.getenv("LAYERS_BENCH_FIRST") or "100001")
local count = tonumber(os.getenv("LAYERS_BENCH_COUNT") or "10000")
local spec = assert(os.getenv("LAYERS_BENCH_FIELDS"), "LAYERS_BENCH_FIELDS is not set")

local fields = {}
for field, values in string.gmatch(spec, "([^;=]+)=([^;]+)") do
  local list = {}
  for value in string.gmatch(values, "[^,]+") do
    table.insert(list, value)
  end
  table.insert(fields, { field, list })
end
assert(#fields > 0, "LAYERS_BENCH_FIELDS names no field")

local headers = {
  ["Authorization"] = "Bearer " .. key,
  ["Content-Type"] = "application/json",
}

local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("seed", thread_number)
end

function init(args)
  -- Each thread has its own Lua state; distinct seeds keep their sequences apart.
  math.randomseed(os.time() + (seed or 0) * 7919)
end

function request()
  local n = first + math.random(0, count - 1)
  local field = fields[math.random(#fields)]
  local values = field[2]
  local body = string.format('{"%s":"%s"}', field[1], values[math.random(#values)])
  return wrk.format("PATCH", string.format("/v1/influencers/inf_00000000-0000-4000-8000-%012d", n), headers, body)
end
