#!/usr/bin/env python3
"""What pseudonymization at ingress adds to POST /api/v1/sessions/{id}/messages (issue 14), side by side on one hub:
500-character messages carrying PII, alternately to a session at level none (the anchor: stored as written) and one
at level pseudonymized (detected, vault written, surrogates stored), one client, keep-alive; then the hub's own
timer of the pseudonymization step (hub.privacy.pseudonymize, /actuator/prometheus).
Each POST wakes the agents (front desk, embeddings), which share the 2 cores with the next request: PACE_MS (default
250) between requests lets them finish, so both levels are measured on an idle hub.
Usage: pseudonymize.py <base-url> <admin-password> <messages-per-level> <out.json>"""
import http.client, json, os, statistics, sys, time, urllib.parse, uuid

base, password, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)

def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None if body is None else json.dumps(body)
    for attempt in (1, 2):
        try:
            conn.request(method, path, data, headers)
            r = conn.getresponse()
            return r.status, r.read().decode()
        except (http.client.RemoteDisconnected, ConnectionResetError):
            conn.close()
            if attempt == 2:
                raise

status, body = call("POST", "/api/v1/auth/token", {"grant_type": "password", "username": "admin", "password": password})
assert status == 200, body
token = json.loads(body)["access_token"]

def message(i):
    text = (f"Hi, I am Tamara Kovalev (message {i}). Mail me at tamara.kovalev{i}@example.org or call 730-347-5681. "
            f"My card is 4929050988424425 and the IBAN GB69PMNJ18913943430745. Ship it to 64 Rua Papoula 1998, Lisbon. "
            "Three hooks for a cold brew reel please: upbeat, fifteen seconds, for a young audience that loves coffee, "
            "with a call to action at the end and a hashtag or two that people actually search for this season.")
    return text[:500].ljust(500, ".")

sessions = {}
for level in ("none", "pseudonymized"):
    sid = f"pseudo-bench-{level}-{uuid.uuid4().hex[:8]}"
    status, body = call("POST", f"/api/v1/sessions/{sid}/messages", {"text": "hello"}, token)
    assert status == 202, body
    time.sleep(0.5)
    status, body = call("GET", f"/api/v1/sessions/{sid}/context", token=token)
    version = json.loads(body)["version"]
    for _ in range(20):
        status, body = call("PUT", f"/api/v1/sessions/{sid}/context", {"version": version, "anonymizationLevel": level},
                            token)
        if status == 200:
            break
        # an agent's reply changed the version meanwhile: read it again
        version = json.loads(call("GET", f"/api/v1/sessions/{sid}/context", token=token)[1])["version"]
        time.sleep(0.2)
    assert status == 200, body
    sessions[level] = sid

pace = int(os.environ.get("PACE_MS", "250")) / 1000
latencies = {"none": [], "pseudonymized": []}
warmup = max(5, count // 10)
for i in range(warmup + count):
    for level in ("none", "pseudonymized"):
        time.sleep(pace)
        started = time.perf_counter()
        status, body = call("POST", f"/api/v1/sessions/{sessions[level]}/messages", {"text": message(i)}, token)
        elapsed = (time.perf_counter() - started) * 1000
        assert status == 202, f"{status} {body}"
        if i >= warmup:
            latencies[level].append(elapsed)

status, metrics = call("GET", "/actuator/prometheus", token=token)
assert status == 200, f"/actuator/prometheus: {status}"
server = {}
for line in metrics.splitlines():
    if line.startswith("hub_privacy_pseudonymize_seconds{") and 'quantile="0.5"' in line:
        server["p50Ms"] = float(line.split()[-1]) * 1000
    if line.startswith("hub_privacy_pseudonymize_seconds{") and 'quantile="0.99"' in line:
        server["p99Ms"] = float(line.split()[-1]) * 1000
    if line.startswith("hub_privacy_pseudonymize_seconds_count"):
        server["count"] = float(line.split()[-1])

def q(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]

result = {
    "messages": count,
    "noneP50Ms": statistics.median(latencies["none"]), "noneP99Ms": q(latencies["none"], 0.99),
    "pseudonymizedP50Ms": statistics.median(latencies["pseudonymized"]),
    "pseudonymizedP99Ms": q(latencies["pseudonymized"], 0.99),
    "server": server,
}
result["addedP50Ms"] = result["pseudonymizedP50Ms"] - result["noneP50Ms"]
json.dump(result, open(out, "w"), indent=2)
print(f"pseudonymization: POST p50 {result['noneP50Ms']:.2f} ms at level none, {result['pseudonymizedP50Ms']:.2f} ms "
      f"pseudonymized (+{result['addedP50Ms']:.2f} ms); the step itself p50 {server.get('p50Ms', float('nan')):.2f} ms "
      f"over {server.get('count', 0):.0f} texts")
