-- wrk script: optional rotation over a list of paths (WRK_PATHS_FILE, one path a line) and a one-line JSON
-- summary at the end, read by scripts/loadtest.py.
local paths = {}
local counter = 0

local list = os.getenv("WRK_PATHS_FILE")
if list and list ~= "" then
  for line in io.lines(list) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
end

function request()
  if #paths == 0 then
    return wrk.format(nil)
  end
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
