-- bench/run.py: print wrk's summary as one JSON line (latencies in microseconds), after the
-- human-readable report, so the runner reads exact numbers rather than wrk's rounded text.
-- Optional: BENCH_BODY_FILE (a request body, POSTed with BENCH_CONTENT_TYPE), each request with
-- its own Idempotency-Key; BENCH_PHONES=1 (POST a distinct phone number on every request, for the
-- sign-in code path).
-- With BENCH_COUNT_STATUS=1 each thread counts statuses itself (429 apart from other errors);
-- it costs a Lua call per response, so only the scenario that needs it turns it on.

local threads = {}
local counter = 0
local base = tonumber(os.getenv("BENCH_PHONE_BASE") or "10000000")
local phones = os.getenv("BENCH_PHONES") == "1"
local count_status = os.getenv("BENCH_COUNT_STATUS") == "1"
local body_file = os.getenv("BENCH_BODY_FILE")
local body = nil
if body_file then
   local fh = assert(io.open(body_file, "rb"))
   body = fh:read("*a")
   fh:close()
end

function setup(thread)
   thread:set("thread_id", #threads)
   table.insert(threads, thread)
end

function init(args)
   s2xx = 0
   s429 = 0
   sother = 0
   if phones then
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
   end
   if body then
      wrk.method = "POST"
      wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
   end
end

if body then
   request = function()
      counter = counter + 1
      -- A fresh key per request (a retry would reuse it): every request is a new report.
      wrk.headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", base, thread_id or 0, counter)
      return wrk.format(nil, nil, nil, body)
   end
end

if phones then
   request = function()
      counter = counter + 1
      -- 0812 + 8 digits: thread id in the top digit, so threads never repeat a number.
      local n = (base + (thread_id or 0) * 10000000 + counter) % 100000000
      local body = string.format('{"phone": "0812%08d"}', n)
      return wrk.format(nil, nil, nil, body)
   end
end

if count_status then
   response = function(status, headers, body)
      if status >= 200 and status < 300 then
         s2xx = s2xx + 1
      elseif status == 429 then
         s429 = s429 + 1
      else
         sother = sother + 1
      end
   end
end

function done(summary, latency, requests)
   local c2xx, c429, cother = 0, 0, 0
   for _, t in ipairs(threads) do
      c2xx = c2xx + (t:get("s2xx") or 0)
      c429 = c429 + (t:get("s429") or 0)
      cother = cother + (t:get("sother") or 0)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
      '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
      '"p50": %d, "p95": %d, "p99": %d, "max": %d, "counted": %s, ' ..
      '"s2xx": %d, "s429": %d, "sother": %d}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
      tostring(count_status), c2xx, c429, cother))
end
