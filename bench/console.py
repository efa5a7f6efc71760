"""The live console's stream under N concurrent consoles (bench/console.sh).

Opens N streams of GET /api/v1/admin/stream, then pauses and resumes an agent T times through the admin API. For each
change, every console's delay is the time from sending the POST to the first 'agents' event showing the new status,
and to the 'log' event of the change ("Agent <name> paused on this replica"). Prints RESULT lines.
Usage: console.py host port token consoles toggles agent
"""
import http.client
import json
import sys
import threading
import time

host, port, token, consoles, toggles, agent = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), \
    int(sys.argv[5]), sys.argv[6]
HEADERS = {"Authorization": "Bearer " + token}
seen = []  # per console: list of (monotonic time, kind, value)
ready = threading.Barrier(consoles + 1, timeout=120)
stop = threading.Event()


def console(index):
    events = []
    seen.append(events)
    conn = http.client.HTTPConnection(host, port, timeout=300)
    conn.request("GET", "/api/v1/admin/stream?level=INFO", headers=HEADERS)
    response = conn.getresponse()
    if response.status != 200:
        print("console %d: HTTP %d" % (index, response.status), file=sys.stderr)
        ready.abort()
        return
    name, data, first = None, [], True
    while not stop.is_set():
        line = response.readline()
        if not line:
            break
        line = line.decode("utf-8").rstrip("\r\n")
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif line == "" and name is not None:
            now = time.monotonic()
            text = "".join(data)
            if name == "agents":
                for a in json.loads(text)["agents"]:
                    if a["agent"] == agent:
                        events.append((now, "status", a["control"]["desired"]))
                if first:
                    first = False
                    ready.wait()
            elif name == "log" and ("Agent " + agent + " ") in text:
                for word in ("paused", "resumed"):
                    if ("Agent " + agent + " " + word) in text:
                        events.append((now, "log", word))
            name, data = None, []
    conn.close()


def post(action):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("POST", "/api/v1/admin/agents/%s/%s?reason=bench" % (agent, action), headers=HEADERS)
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit("POST %s: HTTP %d" % (action, response.status))


threads = [threading.Thread(target=console, args=(i,), daemon=True) for i in range(consoles)]
for t in threads:
    t.start()
ready.wait()
time.sleep(1)
changes = []  # (sent at, desired status, log word)
for i in range(toggles):
    for action, status, word in (("pause", "paused", "paused"), ("resume", "running", "resumed")):
        sent = time.monotonic()
        post(action)
        changes.append((sent, status, word))
        time.sleep(1.5)
time.sleep(2)
stop.set()

status_delays, log_delays, missed = [], [], 0
for events in seen:
    for i, (sent, status, word) in enumerate(changes):
        until = changes[i + 1][0] if i + 1 < len(changes) else float("inf")
        s = [t for t, kind, value in events if kind == "status" and value == status and sent <= t < until]
        lg = [t for t, kind, value in events if kind == "log" and value == word and sent <= t < until]
        if s:
            status_delays.append((s[0] - sent) * 1000)
        else:
            missed += 1
        if lg:
            log_delays.append((lg[0] - sent) * 1000)
        else:
            missed += 1


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))] if values else float("nan")


for label, values in (("status", status_delays), ("log", log_delays)):
    print("RESULT %s consoles=%d changes=%d samples=%d p50_ms=%.0f p95_ms=%.0f p99_ms=%.0f max_ms=%.0f" % (
        label, consoles, len(changes), len(values), pct(values, 50), pct(values, 95), pct(values, 99),
        max(values) if values else float("nan")))
print("RESULT missed=%d" % missed)
