"""bench/reload.sh's measurements against a running hub (stdlib only).

activations: N times, a new text of the YAML route is submitted and activated; the latency is from the submit
  request until the route answers with the new text (submit-to-serving).
swaps: a few threads call the route back to back while 20 activations and rollbacks alternate; every answer that
  is not 2xx, and every connection error, is a failed request.
Prints one RESULT line per measurement.
"""
import http.client, json, math, sys, threading, time

base_host, base_port, token, n_activations, load_threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
YAML = open("bench/ext-echo.camel.yaml").read()
PATH = "/api/v1/ext/bench-echo-yaml"
AUTH = {"Authorization": "Bearer " + token}


def call(method, path, body=None, content_type=None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection(base_host, base_port, timeout=30)
    headers = dict(AUTH)
    if content_type:
        headers["Content-Type"] = content_type
    conn.request(method, path, body=body, headers=headers)
    answer = conn.getresponse()
    data = answer.read().decode()
    if own:
        conn.close()
    return answer.status, data


def submit(version):
    status, body = call("POST", "/api/v1/admin/routes", YAML.replace("VERSION", version), "application/yaml")
    if status != 201:
        sys.exit(f"submit {version}: {status} {body}")
    return json.loads(body)["version"]


def activate(v):
    status, body = call("POST", f"/api/v1/admin/routes/bench-ext-echo-yaml/versions/{v}/activate")
    if status != 200:
        sys.exit(f"activate v{v}: {status} {body}")


def rollback():
    status, body = call("POST", "/api/v1/admin/routes/bench-ext-echo-yaml/rollback", "{}", "application/json")
    if status != 200:
        sys.exit(f"rollback: {status} {body}")


def serves(version, conn):
    status, body = call("GET", PATH, conn=conn)
    return status == 200 and f'"version":"{version}"' in body


def percentile(values, p):
    # nearest rank
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


# submit-to-serving latency of an activation
run = str(int(time.time()))
latencies = []
probe = http.client.HTTPConnection(base_host, base_port, timeout=30)
for i in range(n_activations):
    label = f"{run}-{i}"
    start = time.perf_counter()
    activate(submit(label))
    while not serves(label, probe):
        time.sleep(0.002)
    latencies.append((time.perf_counter() - start) * 1000)
print("RESULT activation n=%d p50_ms=%.0f p95_ms=%.0f max_ms=%.0f" % (
    len(latencies), percentile(latencies, 50), percentile(latencies, 95), max(latencies)))

# failed requests during 20 activations and rollbacks under load
v_one, v_two = submit(f"{run}-one"), submit(f"{run}-two")
activate(v_one)
stop = threading.Event()
counts = {"ok": 0, "failed": 0, "reconnected": 0}
failures = []
lock = threading.Lock()


def load():
    conn = http.client.HTTPConnection(base_host, base_port, timeout=30)
    while not stop.is_set():
        reconnected = False
        try:
            try:
                status, body = call("GET", PATH, conn=conn)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # a kept-alive connection the server closed as this request went out: an HTTP client retries an
                # idempotent request once on a new connection (RFC 9110 9.2.2); counted apart, and a second
                # failure is a failure
                conn.close()
                conn = http.client.HTTPConnection(base_host, base_port, timeout=30)
                reconnected = True
                status, body = call("GET", PATH, conn=conn)
            ok = 200 <= status < 300
            what = f"{status} {body[:120]}"
        except Exception as e:  # a refused or broken connection is a failed request too
            ok, what = False, repr(e)
            conn = http.client.HTTPConnection(base_host, base_port, timeout=30)
        with lock:
            counts["ok" if ok else "failed"] += 1
            counts["reconnected"] += 1 if reconnected else 0
            if not ok and len(failures) < 5:
                failures.append(what)


threads = [threading.Thread(target=load) for _ in range(load_threads)]
for t in threads:
    t.start()
time.sleep(0.5)
swap_start = time.perf_counter()
for i in range(10):
    activate(v_two)
    time.sleep(0.05)
    rollback()
    time.sleep(0.05)
swap_seconds = time.perf_counter() - swap_start
time.sleep(0.5)
stop.set()
for t in threads:
    t.join()
print("RESULT swaps swaps=20 seconds=%.1f requests=%d failed=%d reconnected=%d first_failures=%s" % (
    swap_seconds, counts["ok"] + counts["failed"], counts["failed"], counts["reconnected"], json.dumps(failures)))
