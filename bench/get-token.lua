-- wrk script: GET the target path with the bench's bearer token (bench/reload.sh), one RESULT line at the end
local headers = {["Authorization"] = "Bearer " .. (os.getenv("HUB_TOKEN") or "")}

request = function()
  return wrk.format("GET", nil, headers)
end

done = function(summary, latency, requests)
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d non2xx=%d socket=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + socket, summary.errors.status, socket))
end
