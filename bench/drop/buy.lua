-- wrk script: each request is one purchase of 1 unit, POST /api/v1/market/drops/{id}/orders,
-- with the next buyer's bearer token (round robin over the file's tokens) and a new
-- Idempotency-Key. Args: <tokens file> <key prefix>. WRK_REPORT names bench/http/report.lua,
-- whose RESULT line is followed by one line counting the answers: admitted (201) and refused.
-- Counting answers needs one Lua state: run wrk with -t1.
dofile(os.getenv("WRK_REPORT"))
local tokens, prefix, n = {}, "", 0
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args)
  for line in io.lines(args[1]) do table.insert(tokens, line) end
  prefix = args[2]
  admitted, refused, failed = 0, 0, 0
end
request = function()
  n = n + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1],
    ["Idempotency-Key"] = prefix .. "-" .. n,
  }
  return wrk.format("POST", nil, headers, '{"units":1}')
end
response = function(status, headers, body)
  if status == 201 then admitted = admitted + 1
  elseif status == 409 or status == 422 then refused = refused + 1
  else failed = failed + 1 end
end
local report_done = done
done = function(summary, latency, requests)
  report_done(summary, latency, requests)
  local a, r, f = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("admitted"); r = r + t:get("refused"); f = f + t:get("failed")
  end
  io.write(string.format("ANSWERS admitted=%d refused=%d other=%d admitted_per_s=%.0f\n",
    a, r, f, a / (summary.duration / 1e6)))
end
