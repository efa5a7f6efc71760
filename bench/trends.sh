#!/usr/bin/env bash
# Trend scanner benchmark (issue 17), on generated signals: the labelled headlines of src/test/resources/trends (888,
# 12 topics) spliced within their topic (first part of one, last part of another, cut at a word near the middle;
# seeded, distinct) into SIGNALS titles published over the last 48 h with a few mentions, engagements, impressions:
#  (a) in-process (TrendsBench cluster, no Spring): embeddings/s of the hub's OnnxEmbeddingService (bge-small, 2
#      threads, batches of 32, the hub's defaults) on the titles, embedded as the scan does: as they are and after
#      clustering.topic-prefix (two texts per signal; one when the prefix is "");
#  (b) in-process: what one scan's clustering costs on n = SIZES signals: VectorClustering.topics on the topic
#      vectors with the options of config/trends.yaml (max-clusters 40, min-cluster-size 3, sample 1000, seed 42)
#      plus TrendScanner.duplicates on each cluster (the titles' own vectors, duplicate similarity 0.90), median of
#      RUNS runs after a warm-up, the two parts timed apart; each
#      doubling's time ratio is set against n log n's, 2·log(2n)/log(n);
#  (c) the packaged jar (start_hub: profiles services,bench, in-JVM bus, HUB_TRENDS_TICK_MILLIS=500): the SIGNALS
#      signals uploaded as CSV in one POST /api/v1/trends/signals, then the database polled until the latest
#      trend.clustered event counts them all: signals/s from the first upload byte to that event (ingest + embed +
#      cluster), the clustering millis the event reports, the number of trends (GET /api/v1/trends?limit=100).
#      The upload route has a body limit of its own (hub.trends.upload-max-body-bytes, 4 MiB, about 37,000 rows).
# Writes the section "## Trend scanner (issue 17)" of BENCHMARKS.md (bench/sections.py), with the load average
# (/proc/loadavg) before each part and whether the measured growth stays within n log n.
# Usage: bench/trends.sh   (SIZES=1250,2500,5000,10000 RUNS=3 SIGNALS=10000 TIMEOUT=900; HUB_BENCH_DB, BENCH_PORT
#        as bench/lib.sh)
#        SMOKE=1 bench/trends.sh   (b) n = 250, 500, 1,000, one run each without warm-up, (c) 300 signals within
#        120 s, BENCHMARKS.md untouched, exit 1 when a part wrote no result or (c) did not finish (run by
#        scripts/test.sh; SKIP_BUILD=1 uses the packaged jar and test classes)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SMOKE:-0}" = 1 ]; then
  SIZES=${SIZES:-250,500,1000}; RUNS=${RUNS:-1}; WARMUP=false; SIGNALS=${SIGNALS:-300}; TIMEOUT=${TIMEOUT:-120}
  export BENCH_READY_SECONDS=${BENCH_READY_SECONDS:-300}
else
  SIZES=${SIZES:-1250,2500,5000,10000}; RUNS=${RUNS:-3}; WARMUP=true; SIGNALS=${SIGNALS:-10000}
  TIMEOUT=${TIMEOUT:-900}
fi
smoke_fail() { echo "bench/trends.sh smoke: $*" >&2; exit 1; }
D=target/bench-trends
LOG=target/bench-trends.log
START=$(date +%s)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/services.sh
  ./mvnw -B -q -DskipTests package
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
else
  [ -f target/bench-classpath.txt ] && [ target/bench-classpath.txt -nt pom.xml ] \
    || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
export BENCH_SKIP_BUILD=1
rm -rf "$D" && mkdir -p "$D"
bench() {
  java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    -Dbench.sizes="$SIZES" -Dbench.runs="$RUNS" -Dbench.warmup="$WARMUP" \
    com.misybot.hub.bench.TrendsBench "$@" 2>&1 | grep --line-buffered -E '^\(|^wrote|Exception|Error|at com\.misybot' || true
}
load() { echo "$1 $(cut -d' ' -f1-3 /proc/loadavg)" >> "$D/load.txt"; }

# (a) and (b) first, with the hub not running
echo "(a)+(b): embedding, clustering cost per n ($SIZES)"
load cluster; bench cluster
[ -f "$D/cluster.json" ] || { echo "(a)+(b) wrote no result" >&2; exit 1; }

# (c) through the hub jar
bench csv "$SIGNALS" "$D/signals.csv"
[ -f "$D/signals.csv" ] || { echo "(c) no signals file" >&2; exit 1; }
. bench/lib.sh
start_hub "$LOG" HUB_TRENDS_TICK_MILLIS=500 HUB_BUS_TRANSPORT=local
admin_token
DB=${HUB_BENCH_DB:-hub_bench}
q() { psql -qtAX -h 127.0.0.1 -U hub -d "$DB" -c "$1"; }
echo "(c): $SIGNALS signals through $BASE"
load e2e
T0=$(date +%s.%N)
CODE=$(curl -sS -o "$D/upload.json" -w '%{http_code}' -H "Authorization: Bearer $HUB_TOKEN" \
  -H 'Content-Type: text/csv' --data-binary @"$D/signals.csv" "$BASE/api/v1/trends/signals" || true)
T1=$(date +%s.%N)
[ "$CODE" = 202 ] || { echo "(c) upload answered $CODE: $(cat "$D/upload.json" 2>/dev/null)" >&2; exit 1; }
FINISHED=0
DEADLINE=$(( $(date +%s) + TIMEOUT ))
while [ "$(date +%s)" -lt "$DEADLINE" ]; do
  kill -0 "$HUB_PID" 2>/dev/null || { echo "(c) the hub exited; see $LOG" >&2; break; }
  COUNTED=$(q "SELECT payload->>'signals' FROM agent_event_log WHERE event_type = 'trend.clustered'
               ORDER BY id DESC LIMIT 1")
  if [ "${COUNTED:-0}" -ge "$SIGNALS" ]; then FINISHED=1; break; fi
  sleep 0.5
done
# every clustering since the upload (DB clock = this machine's clock), and the trends the API lists
q "SELECT json_agg(json_build_object('at', extract(epoch FROM created_at), 'payload', payload) ORDER BY id)
     FROM agent_event_log WHERE event_type = 'trend.clustered'" > "$D/events.json"
curl -fsS -H "Authorization: Bearer $HUB_TOKEN" "$BASE/api/v1/trends?limit=100" > "$D/trends.json" || echo '{}' > "$D/trends.json"
# the scan's own account of its work (log line "Trend scan: Scan[... embedded=..., millis=...]")
grep -o 'Trend scan: Scan\[[^]]*\]' "$LOG" > "$D/scans.txt" || true
kill "$HUB_PID" 2>/dev/null || true; wait "$HUB_PID" 2>/dev/null || true
python3 - "$SIGNALS" "$T0" "$T1" "$FINISHED" "$TIMEOUT" <<'PY'
import json, re, sys
signals, t0, t1, finished, timeout = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5])
D = "target/bench-trends/"
events = json.loads(open(D + "events.json").read().strip() or "null") or []
events = [e for e in events if e["at"] >= t0 - 1]
upload = json.load(open(D + "upload.json"))
try:
    trends = json.load(open(D + "trends.json")).get("trends", [])
except ValueError:
    trends = []
scans = [dict(re.findall(r"(\w+)=([^,\]]+)", l)) for l in open(D + "scans.txt").read().splitlines()]
out = {"signals": signals, "finished": finished, "timeoutSeconds": timeout, "upload": upload,
       "uploadSeconds": t1 - t0, "clusterings": len(events), "scans": scans,
       "listed": len(trends), "top": [{"label": t.get("label"), "size": t.get("size"), "mentions": t.get("mentions"),
                                        "score": t.get("score")} for t in trends[:5]]}
if finished and events:
    last = events[-1]
    p = last["payload"]
    out.update({"seconds": last["at"] - t0, "signalsPerSecond": signals / (last["at"] - t0),
                "clusterMillis": p["millis"], "trends": p["trends"], "silhouette": p["silhouette"],
                "uploadToEventSeconds": last["at"] - t1})
    embedded = [int(s["embedded"]) for s in scans if s.get("embedded", "0").isdigit()]
    scan_ms = [int(s["millis"]) for s in scans if s.get("millis", "").isdigit()]
    out["embeddedByScans"] = embedded
    out["scanMillis"] = scan_ms
json.dump(out, open(D + "e2e.json", "w"), indent=2)
print("(c) " + (f"{signals} signals clustered {out['seconds']:.1f} s after the first upload byte: "
               f"{out['signalsPerSecond']:.1f} signals/s; clustering {out['clusterMillis']} ms, {out['trends']} trends"
               if finished else f"did not finish within {timeout} s ({len(events)} clusterings)"))
PY
[ "$FINISHED" = 1 ] || { echo "(c) the latest trend.clustered event never counted $SIGNALS signals; see $LOG" >&2; exit 1; }
load end

if [ "${SMOKE:-0}" = 1 ]; then
  # the harness works end to end: (b) timed every n and (c) clustered every uploaded signal
  python3 - "$SIZES" "$SIGNALS" "$(( $(date +%s) - START ))" <<'PY' || smoke_fail "see the line above"
import json, math, sys
sizes, signals, elapsed = [int(s) for s in sys.argv[1].split(",")], int(sys.argv[2]), sys.argv[3]
c = json.load(open("target/bench-trends/cluster.json"))
e = json.load(open("target/bench-trends/e2e.json"))
def num(name, v):
    if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
        sys.exit(f"{name} is not a positive number: {v!r}")
num("(a) embeddings/s", c["embed"]["perSecond"])
if [r["n"] for r in c["sizes"]] != sizes:
    sys.exit(f"(b) sizes {[r['n'] for r in c['sizes']]}, expected {sizes}")
for r in c["sizes"]:
    num(f"(b) n={r['n']} millis", r["millis"])
    if r["k"] < 1:
        sys.exit(f"(b) n={r['n']}: k={r['k']}")
for r in c["sizes"][1:]:
    num(f"(b) n={r['n']} ratio", r["ratio"])
if not e["finished"]:
    sys.exit("(c) did not finish")
num("(c) signals/s", e["signalsPerSecond"])
if e["trends"] < 1 or e["listed"] < 1:
    sys.exit(f"(c) {e['trends']} trends clustered, {e['listed']} listed")
print(f"bench/trends.sh smoke: ok in {elapsed} s ((a) {c['embed']['perSecond']:.0f} embeddings/s; (b) "
      + ", ".join(f"n={r['n']} {r['millis']:.0f} ms" for r in c["sizes"])
      + f"; (c) {signals} signals in {e['seconds']:.1f} s, {e['trends']} trends)")
PY
  exit 0
fi

python3 - "$SIZES" "$RUNS" "$SIGNALS" "$(( $(date +%s) - START ))" <<'PY'
import datetime, json, math, os, subprocess, sys
sizes, runs, signals, elapsed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
D = "target/bench-trends/"
c = json.load(open(D + "cluster.json"))
e = json.load(open(D + "e2e.json"))
load = dict(l.split(" ", 1) for l in open(D + "load.txt").read().splitlines())
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
env = [f"{k}={v}" for k, v, d in [("SIZES", sizes, "1250,2500,5000,10000"), ("RUNS", str(runs), "3"),
                                   ("SIGNALS", str(signals), "10000")] if v != d]
cmd = " ".join(env + ["bench/trends.sh"])
rows, verdicts = [], []
for r in c["sizes"]:
    if "ratio" in r:
        ok = r["ratio"] <= r["nlognRatio"]
        verdicts.append((r, ok))
        ratio = (f"×{r['ratio']:.2f} (topics ×{r['topicsRatio']:.2f}, duplicates ×{r['duplicatesRatio']:.2f})"
                 f" | ×{r['nlognRatio']:.3f} | {'within' if ok else '**faster**'} |")
    else:
        ratio = "| | |"
    rows.append(f"| {r['n']:,} | {r['millis']:,.0f} | {r['topicsMillis']:,.0f} | {r['duplicatesMillis']:,.1f} | "
                f"{r['k']} | {r['largestCluster']:,} | {r['duplicates']:,} | {ratio}")
first, last = c["sizes"][0], c["sizes"][-1]
span = last["millis"] / first["millis"]
span_nlogn = last["n"] * math.log(last["n"]) / (first["n"] * math.log(first["n"]))
over = [r for r, ok in verdicts if not ok]
def parts(r):
    p = []
    if r["topicsRatio"] > r["nlognRatio"]: p.append(f"topics ×{r['topicsRatio']:.2f}")
    if r["duplicatesRatio"] > r["nlognRatio"]: p.append(f"duplicates ×{r['duplicatesRatio']:.2f}")
    return ", ".join(p) or "neither part alone"
if not over:
    verdict = (f"**Within n log n in the measured range**: every doubling's time ratio is at most n log n's "
               f"(over the whole range ×{span:.2f} for ×{span_nlogn:.2f}).")
else:
    verdict = ("**Not within n log n at every doubling**: " + "; ".join(
        f"{r['n'] // 2:,}→{r['n']:,} took ×{r['ratio']:.2f} against ×{r['nlognRatio']:.3f} ({parts(r)} above it)"
        for r in over) + f". Over the whole range ×{span:.2f} for ×{span_nlogn:.2f} (n log n).")
dup_share = last["duplicatesMillis"] / last["millis"] * 100
q = [r for r in c["sizes"] if "duplicatesRatio" in r]
dup_growth = ", ".join(f"×{r['duplicatesRatio']:.2f}" for r in q)
topic_growth = ", ".join(f"×{r['topicsRatio']:.2f}" for r in q)
dup_over = all(r["duplicatesRatio"] > r["nlognRatio"] for r in q)
# where the quadratic part would overtake the rest: duplicates ~ n^2 from the largest n, topics a line through the
# two largest n (an extrapolation past the measured range, k assumed to stay where it is)
cross = ""
if len(c["sizes"]) >= 2:
    a, b = c["sizes"][-2], c["sizes"][-1]
    slope = (b["topicsMillis"] - a["topicsMillis"]) / (b["n"] - a["n"])
    base = b["topicsMillis"] - slope * b["n"]
    d = b["duplicatesMillis"] / b["n"] ** 2
    if d > 0:
        n_cross = (slope + math.sqrt(slope * slope + 4 * d * max(base, 0))) / (2 * d)
        cross = (f" Extrapolated (duplicates ∝ n² from n = {b['n']:,}, topics on the line through the two largest n, "
                 f"k unchanged), duplicates would cost as much as topics near n ≈ {round(n_cross, -3):,.0f} signals in "
                 f"one window, and the total would then grow faster than n log n.")
top = "; ".join(f"“{t['label']}” ({t['size']} signals)" for t in e["top"][:3])
embedded = e.get("embeddedByScans") or []
scan_ms = e.get("scanMillis") or []
hub_embed = ""
scans_text = (" Scans that embedded: " + (", ".join(f"{n:,} signals" for n in embedded if n) or "?") + " (scan times "
              + (", ".join(f"{m / 1000:.1f} s" for m in scan_ms) or "?") + ").")
if len(embedded) == 1 and len(scan_ms) == 1 and embedded[0] == signals:
    secs = (scan_ms[0] - e["clusterMillis"]) / 1000
    hub_embed = (f" The one scan that did the work took {scan_ms[0] / 1000:.1f} s: less the clustering, "
                 f"{secs:.1f} s for reading and embedding the {signals:,} signals and storing their vectors = "
                 f"{signals / secs:.1f} signals/s.")
section = f"""## Trend scanner (issue 17)

Command: `{cmd}`, run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}), {java}; the
whole script took {elapsed // 60} min {elapsed % 60} s. Load average (1/5/15 min) before each part: (a)+(b)
{load.get('cluster', '?')}; (c) {load.get('e2e', '?')}; at the end {load.get('end', '?')}. The machine is shared with other
engineers building and testing, so absolute times move between runs.

Signals: {signals:,} distinct titles generated with a fixed seed from the 888 labelled headlines of
`src/test/resources/trends` (12 topics): the first part of one headline joined to the last part of another of the
same topic, each cut at a word between 40 % and 60 % of its length (e.g. “{c['sampleTitles'][2].split(': ', 1)[1]}”),
published over the last 48 h, 1–20 mentions, a few engagements and impressions each.

**(a) Embedding**: the {c['embed']['signals']:,} titles embedded as the scan embeds them ({'as they are and after the topic prefix “' + c['topicPrefix'] + '”, ' if c['topicPrefix'] else ''}{c['embed']['texts']:,} texts) through the hub's `OnnxEmbeddingService` (`{c['model']}`,
{c['threads']} threads, batches of {c['batchSize']}, the hub's defaults) in {c['embed']['seconds']:.1f} s =
**{c['embed']['perSecond']:.1f} embeddings/s, {c['embed']['signalsPerSecond']:.1f} signals/s**, in-process, after a
warm-up of 64.

**(b) Clustering cost per scan**, in-process (`TrendsBench`, no Spring), on the first n of those signals (topics
mixed), oldest first as `TrendStore.window` gives them: `VectorClustering.topics` on the topic vectors with the
options of `config/trends.yaml` (max-clusters {c['maxClusters']}, min-cluster-size {c['minClusterSize']}, sample
{c['sample']}, seed {c['seed']}) then `TrendScanner.duplicates` on each cluster (the titles' own vectors, similarity
{c['duplicateSimilarity']}), i.e. what
`TrendScanner.cluster` computes before labels, scores and storage. Median of {c['runs']} runs after a warm-up run; the
parts are medians of their own. A doubling is within n log n when its time ratio is at most 2·log(2n)/log(n).

| n | ms | topics ms | duplicates ms | k | largest cluster | duplicates merged | ratio to n/2 | n log n ratio | |
|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

{verdict} By part: `topics` grew {topic_growth} per doubling. It pulls every vector towards its 15 nearest vectors
of a seeded sample of at most {c['sample']} (n × {c['sample']} dot products on both cores, linear in n), chooses k on
the sample (2..12 then 25 % apart up to 40, 5 k-means++ trials each, silhouette on a {c['sample']}×{c['sample']}
distance matrix), a cost that stops growing once n exceeds the sample and dominates this range, then runs one
k-means++ pass (5 trials) on all n, linear in n × k × iterations (k and the iterations to converge vary with the
data). `duplicates` grew {dup_growth} per doubling{', faster than n log n at every doubling' if dup_over else ''}: a greedy pass
comparing each signal of a cluster with the kept ones before it, quadratic in cluster size (with k about constant,
in n); it is {dup_share:.1f} % of the time at n = {last['n']:,}, small enough here that the total stays within n log n.{cross}

**(c) End to end through the hub jar** (profiles `services,bench`, in-JVM bus, `HUB_TRENDS_TICK_MILLIS=500`): the {signals:,} signals as one CSV upload of {os.path.getsize(D + 'signals.csv') / 1048576:.2f} MiB
(`POST /api/v1/trends/signals`, answered 202 with `received {e['upload'].get('received')}, stored
{e['upload'].get('stored')}` after {e['uploadSeconds']:.1f} s), then route `trend-scan` embedding them in batches of
512 and clustering the window; the database was polled for the `trend.clustered` event counting all of them.
First upload byte → that event: **{e['seconds']:.1f} s = {e['signalsPerSecond']:.1f} signals/s** (ingest + embed +
cluster), of which the clustering the event reports took **{e['clusterMillis']:,} ms** (topics, duplicates, labels,
scores and storing {e['trends']} trends and the signals' assignments); clusterings after the upload:
{e['clusterings']}.{hub_embed or scans_text} **{e['trends']} trends** (silhouette {e['silhouette']}); the
top three by ViralScore: {top}.
"""
import textwrap
blocks = []
for block in section.split("\n\n"):
    if block.startswith(("|", "#")):
        blocks.append(block)
    else:
        blocks.append(textwrap.fill(" ".join(block.split()), width=118, break_long_words=False,
                                    break_on_hyphens=False))
sys.path.insert(0, "bench")
from sections import write_section
write_section("\n\n".join(blocks) + "\n")
PY
