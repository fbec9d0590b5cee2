-- One scenario of the load run. The requests (method, path, headers with the
-- session and CSRF cookies, body) are prepared by tests/benchmarks/load_data.py
-- into a Lua data file given as the first argument after `--`; every request
-- picks one at random. done() prints the figures as one JSON line.

local prepared = {}
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local data = dofile(args[1])
  for i, r in ipairs(data.requests) do
    prepared[i] = wrk.format(r.method, r.path, r.headers, r.body)
  end
  math.randomseed(os.time() * 1000 + thread_id)
end

function request()
  return prepared[math.random(#prepared)]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
