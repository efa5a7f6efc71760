"""CLINC150 through the hub's HTTP API (bench/retrieval.sh; issue 16's protocol).

Indexes the `train` split as one knowledge collection (the intent in metadata.label), then classifies each `test`
and `oos_test` query by the top hit of POST /api/v1/search with the hub's default threshold (no minScore): no hit =
out-of-scope. For each mode (dense, lexical, hybrid) side by side: in-scope accuracy, out-of-scope recall, queries/s
and p50/p99 latency at the given concurrency. Prints RESULT lines.
Usage: retrieval.py base-url token data.json modes [per-intent] [oos] [threads] [intents]
  per-intent: test queries per intent (default all 30); oos: out-of-scope queries (default all 1000); intents: how
  many intents (default all 150): only their train queries are indexed (the smoke mode takes 10).
"""
import concurrent.futures
import http.client
import json
import sys
import time
import urllib.parse
import uuid

base, token, data_file, modes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
per_intent = int(sys.argv[5]) if len(sys.argv) > 5 else 30
oos_count = int(sys.argv[6]) if len(sys.argv) > 6 else 1000
threads = int(sys.argv[7]) if len(sys.argv) > 7 else 4
max_intents = int(sys.argv[8]) if len(sys.argv) > 8 else 150
url = urllib.parse.urlparse(base)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
data = json.load(open(data_file))
local = __import__("threading").local()


def call(method, path, body, retry=True):
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
    try:
        conn.request(method, path, json.dumps(body), headers)
        response = conn.getresponse()
        text = response.read()
    except (http.client.HTTPException, OSError):
        # the hub closed an idle keep-alive connection: once more on a new one
        conn.close()
        local.conn = None
        if retry:
            return call(method, path, body, False)
        raise
    if response.status >= 300:
        raise SystemExit("%s %s: HTTP %d %s" % (method, path, response.status, text[:300]))
    return json.loads(text)


# the queries: per_intent test queries of each intent (the first ones), oos_count out-of-scope ones
test, seen = [], {}
for text, intent in data["test"]:
    if intent not in seen and len(seen) >= max_intents:
        continue
    if seen.get(intent, 0) < per_intent:
        seen[intent] = seen.get(intent, 0) + 1
        test.append((text, intent))
oos = [(text, "oos") for text, _ in data["oos_test"][:oos_count]]
intents = set(seen)
train = [(t, i) for t, i in data["train"] if i in intents]

collection = "clinc150-" + uuid.uuid4().hex[:8]
started = time.time()
for start in range(0, len(train), 1000):
    docs = [{"id": "t%d" % (start + j), "text": t, "metadata": {"label": i}}
            for j, (t, i) in enumerate(train[start:start + 1000])]
    call("POST", "/api/v1/knowledge/%s/documents" % collection, docs)
index_seconds = time.time() - started
print("RESULT index documents=%d seconds=%.1f per_second=%.0f" % (len(train), index_seconds,
                                                                  len(train) / index_seconds))


def classify(mode, text):
    t0 = time.perf_counter()
    answer = call("POST", "/api/v1/search", {"query": text, "collection": collection, "topK": 1, "mode": mode})
    ms = (time.perf_counter() - t0) * 1000
    results = answer["results"]
    return (results[0]["metadata"].get("label") if results else "oos"), ms


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


queries = test + oos
# warm-up of every mode before any is measured (JIT of the shared path: HTTP, embedding, index), not counted
for mode in modes:
    for text, _ in queries[:100]:
        classify(mode, text + " ")
for mode in modes:
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        answers = list(pool.map(lambda q: classify(mode, q[0]), queries))
    seconds = time.time() - t0
    correct = sum(1 for (text, intent), (got, _) in zip(test, answers[:len(test)]) if got == intent)
    oos_found = sum(1 for got, _ in answers[len(test):] if got == "oos")
    latencies = [ms for _, ms in answers]
    print("RESULT mode=%s in_scope=%.4f oos_recall=%.4f queries=%d qps=%.1f p50_ms=%.1f p99_ms=%.1f" % (
        mode, correct / len(test), oos_found / max(1, len(oos)), len(queries), len(queries) / seconds,
        pct(latencies, 50), pct(latencies, 99)))
