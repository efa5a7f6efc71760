-- wrk script: POST a user message to a random session (spreads writes over many bundles, as real traffic does)
local token = os.getenv("HUB_TOKEN")
local path_prefix = os.getenv("BENCH_PATH") or "/api/v1/sessions/"
local body = '{"text":"Give me three hooks for a cold brew launch video","channel":"bench"}'
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (token or "")}

request = function()
  local path = path_prefix
  -- the ingress and its Spring MVC anchor: a session id and /messages after the prefix
  if path_prefix:sub(-#"/sessions/") == "/sessions/" then
    path = path_prefix .. "bench-" .. math.random(1, 200000) .. "/messages"
  end
  return wrk.format("POST", path, headers, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d socket=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
