-- wrk script of ./build.sh bench: each request PATCHes one random field of one random seeded
-- influencer with a random valid value. The values are those of the pgbench scripts
-- (BenchDatabase.Fields in Layers.Bench.Bare); ids follow its scheme.
-- Env: LAYERS_BENCH_KEY (API key), LAYERS_BENCH_FIRST and LAYERS_BENCH_COUNT (seeded numbers).

local key = assert(os.getenv("LAYERS_BENCH_KEY"), "LAYERS_BENCH_KEY is not set")
local first = tonumber(os.getenv("LAYERS_BENCH_FIRST") or "100001")
local count = tonumber(os.getenv("LAYERS_BENCH_COUNT") or "10000")

local fields = {
  { "name", { "Ava Chen", "Noah Patel", "Mia Rossi", "Liam Walker" } },
  { "gender", { "male", "female", "non_binary" } },
  { "ageRange", { "teen", "young_adult", "adult", "mid_adult", "mature", "senior" } },
  { "brandVoice", { "authentic", "witty", "professional", "warm", "casual", "educational" } },
  { "language", { "en", "es-MX", "fr", "de-DE", "pt-BR", "zh-Hans-CN" } },
}

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
