#!/usr/bin/env bash
# Semantic-memory benchmark (issue 4), in one run on one generated corpus of real English sentences (bge-small):
#  (a) embeddings/s of the hub's OnnxEmbeddingService vs the LangChain4j ONNX model called directly, same texts,
#      same thread count, interleaved rounds;
#  (b) single-threaded search QPS and recall@10 of InProcessVectorIndex (Lucene HNSW) vs its exact scan on the same
#      vectors and queries, a few HNSW settings, and jvector on the same vectors;
#  (c) the hub jar over HTTP: ingest rate of POST /api/v1/knowledge/{collection}/documents (1,000 per call) and top-1
#      agreement of POST /api/v1/search (ANN) with the same search with "exact":true.
# Writes the section "## Semantic memory (issue 4)" of BENCHMARKS.md.
# Usage: bench/vector.sh [corpus-size] [queries]   (defaults: 50000 500)
#   HNSW_SWEEP=m/beam/ef,...   Lucene settings measured in (b), the hub's defaults first (default 16/100/100,16/100/50,16/100/200)
#   JVECTOR=degree/beam/ef,...  jvector settings (default 16/100/100,32/100/100)
#   FORCE_EMBED=1              re-embed the corpus for (b) instead of reading target/bench-vector/bge-*.f32
#        SMOKE=1 bench/vector.sh   2,000 sentences, 50 queries (the harness warms up on 50), 500 texts per side in
#        (a), one Lucene and one jvector setting, BENCHMARKS.md untouched, exit 1 when a part fails or a figure is
#        not a number (run by scripts/test.sh; SKIP_BUILD=1 uses the packaged jar and test classes)
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE_OPTS=()
if [ "${SMOKE:-0}" = 1 ]; then
  CORPUS=${1:-2000}; QUERIES=${2:-50}; HNSW_SWEEP=${HNSW_SWEEP:-16/100/100}; JVECTOR=${JVECTOR:-16/100/100}
  SMOKE_OPTS=(-Dbench.embedSubset="${EMBED_SUBSET:-500}")
  export BENCH_READY_SECONDS=${BENCH_READY_SECONDS:-300}
else
  CORPUS=${1:-50000}; QUERIES=${2:-500}
  HNSW_SWEEP=${HNSW_SWEEP:-16/100/100,16/100/50,16/100/200}; JVECTOR=${JVECTOR:-16/100/100,32/100/100}
fi
smoke_fail() { echo "bench/vector.sh smoke: $*" >&2; exit 1; }
FORCE_EMBED=${FORCE_EMBED:-0}
LOG=target/bench-vector.log
START=$(date +%s)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/services.sh
  ./mvnw -B -q -DskipTests package
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
else
  export BENCH_SKIP_BUILD=1
  [ -f target/bench-classpath.txt ] && [ target/bench-classpath.txt -nt pom.xml ] \
    || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
rm -f target/bench-vector/offline.json target/bench-vector/http.json
bench() {
  java -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" ${SMOKE_OPTS[@]+"${SMOKE_OPTS[@]}"} \
    -Dbench.corpus="$CORPUS" -Dbench.queries="$QUERIES" -Dbench.hnsw="$HNSW_SWEEP" -Dbench.jvector="$JVECTOR" \
    -Dbench.forceEmbed="$([ "$FORCE_EMBED" = 1 ] && echo true || echo false)" \
    com.misybot.hub.bench.VectorBench "$@" 2>&1 | grep --line-buffered -E '^\(|^embedding|^wrote|Exception|Error|at com\.misybot' || true
}

# (a) and (b) first, with the hub not running
echo "(a)+(b): embedding throughput, ANN vs exact"
bench offline
[ -f target/bench-vector/offline.json ] || { echo "offline part failed" >&2; exit 1; }

# (c) through the hub jar (profiles services,bench: in-process MongoDB, Redis search cache)
. bench/lib.sh
start_hub "$LOG"
echo "(c): ingest and search through $BASE"
bench http "$BASE"
[ -f target/bench-vector/http.json ] || { echo "http part failed; see $LOG" >&2; exit 1; }
kill $HUB_PID; wait $HUB_PID 2>/dev/null || true

if [ "${SMOKE:-0}" = 1 ]; then
  # the harness works end to end: every part wrote its figures, and they are numbers in range
  python3 - "$CORPUS" <<'PY' || smoke_fail "see the line above"
import json, math, sys
corpus = int(sys.argv[1])
o = json.load(open("target/bench-vector/offline.json"))
h = json.load(open("target/bench-vector/http.json"))["http"]
e, b = o["embed"], o["ann"]
def num(name, v, lo=0.0, hi=math.inf, strict=True):
    if not isinstance(v, (int, float)) or not math.isfinite(v) or v < lo or v > hi or (strict and v == lo):
        sys.exit(f"{name} is not a sensible number: {v!r}")
num("(a) service/direct ratio", e["ratio"]); num("(a) service rate", e["serviceRate"])
num("(b) exact QPS", b["exactQps"])
for c in b["hnsw"] + b["jvector"] + [b["hnswUnfiltered"]]:
    num("(b) QPS", c["qps"]); num("(b) recall@10", c["recallAt10"], 0, 1, strict=False)
if not b["hnsw"] or not b["jvector"]:
    sys.exit("(b) no HNSW or jvector result")
if h["ingestDocs"] != corpus:
    sys.exit(f"(c) {h['ingestDocs']} documents ingested, not {corpus}")
num("(c) ingest rate", h["ingestRate"]); num("(c) top-1 agreement", h["top1Agreement"], 0, 1, strict=False)
num("(c) recall@10", h["recallAt10"], 0, 1, strict=False)
print(f"bench/vector.sh smoke: ok ((a) ratio {e['ratio']:.3f}; (b) recall@10 {b['hnsw'][0]['recallAt10']:.4f}; "
      f"(c) {h['ingestRate']:.1f} documents/s, top-1 {100 * h['top1Agreement']:.1f} %)")
PY
  exit 0
fi

python3 - "$CORPUS" "$QUERIES" "$HNSW_SWEEP" "$JVECTOR" "$FORCE_EMBED" "$(( $(date +%s) - START ))" <<'PY'
import json, re, sys, datetime, os, subprocess
corpus, queries, sweep, jv, force, elapsed = sys.argv[1:]
o = json.load(open("target/bench-vector/offline.json"))
h = json.load(open("target/bench-vector/http.json"))["http"]
e, b = o["embed"], o["ann"]
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
def met(ok): return "met" if ok else "NOT met"
default = b["hnsw"][0]
cmd = "bench/vector.sh" + ("" if (corpus, queries) == ("50000", "500") else f" {corpus} {queries}")
env = []
if sweep != "16/100/100,16/100/50,16/100/200": env.append(f"HNSW_SWEEP={sweep}")
if jv != "16/100/100,32/100/100": env.append(f"JVECTOR={jv}")
if force == "1": env.append("FORCE_EMBED=1")
cmd = " ".join(env + [cmd])
rows = "\n".join(
    f"| Lucene HNSW (InProcessVectorIndex) | m={c['m']}, beam-width={c['beamWidth']}, ef-search={c['efSearch']}"
    f" | {c['qps']:.0f} | {c.get('wallQps', 0):.0f} | {c['speedup']:.1f}× | {c['recallAt10']:.4f} | {c['buildSeconds']:.0f} s, {c['segments']} segment(s) |"
    for c in b["hnsw"])
u = b["hnswUnfiltered"]
rows += (f"\n| Lucene HNSW, no filter | m={default['m']}, beam-width={default['beamWidth']}, ef-search={default['efSearch']}"
         f" | {u['qps']:.0f} | {u.get('wallQps', 0):.0f} | {u['speedup']:.1f}× | {u['recallAt10']:.4f} | same index |")
rows += "\n" + "\n".join(
    f"| jvector 4.0.2 (no filter) | max-degree={j['maxDegree']}, beam-width={j['beamWidth']}, search top-k {j['efSearch']}"
    f" | {j['qps']:.0f} | {j.get('wallQps', 0):.0f} | {j['speedup']:.1f}× | {j['recallAt10']:.4f} | {j['buildSeconds']:.0f} s on {j['buildThreads']} threads, {j['vectorization']} |"
    for j in b["jvector"])
section = f"""## Semantic memory (issue 4)

Command: `{cmd}`, run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, {java}; the
whole script took {int(elapsed) // 60} min {int(elapsed) % 60} s. The machine is shared with other engineers compiling
and testing, so absolute rates move between runs; **both sides of each ratio were measured side by side in the same
run** (interleaved for (a) and (c), back to back on the same vectors and queries for (b)), which is what keeps the
ratios fair.

Corpus: {o['corpus']:,} distinct English sentences generated with a fixed seed from {o['frames']} hand-written frames
(product copy, marketing, FAQ, support tickets, social posts, reviews, release notes, policies, internal notes) ×
{o['framings']} framings (plain, question, lead-in or trailing clause), slots filled from vocabularies of 10-40 values
(`BenchCorpus`; samples in `target/bench-vector/samples.txt`). Queries: {o['queries']} paraphrase-style rewrites of
random corpus sentences (synonyms, framing dropped, lower-cased, conversational lead-ins), never copies; with exact
search the rewritten sentence's source is the top hit for {100 * b['exactTop1IsSource']:.1f} % of them. Model
`{o['model']}` (384 dimensions), {o['threads']} ONNX threads, batch size {o['batchSize']} (the hub's defaults).

**(a) Embedding throughput**, {e['texts']:,} texts per side in {e['rounds']} interleaved rounds (the side going first
alternates), after a warm-up of both:

| side | embeddings/s |
|---|---|
| hub `OnnxEmbeddingService` (batches of {o['batchSize']}, normalization, timer) | {e['serviceRate']:.1f} |
| LangChain4j `BgeSmallEnV15QuantizedEmbeddingModel.embedAll` directly, same {o['threads']}-thread executor size | {e['directRate']:.1f} |

Ratio service / direct: **{e['ratio']:.3f}** (target ≥ 0.9: {met(e['ratio'] >= 0.9)}).

**(b) ANN vs exact on the {o['corpus']:,} real embeddings** ({o['embeddingsFrom'].split(' (')[0].split(' target')[0]}),
single-threaded, top 10, after two warm-up passes over the queries; each ANN figure is at least 3 s of repeated
passes. QPS is counted per CPU-second of the searching thread (every search runs entirely on it), so it does not
depend on what else the shared machine runs; wall-clock QPS is shown next to it. The index was filled in batches of 1,000 (as the knowledge API and the rebuild at start do) and measured after
its merges settled. Lucene rows use the filters `POST /api/v1/search` sends in global scope (collection + the five
non-turn kinds); recall@10 is against the exact scan with the same filters. The exact scan
(`"exact":true`, `InProcessVectorIndex.exact`): **{b['exactQps']:.1f} QPS** per CPU-second ({b.get('exactWallQps', 0):.1f} wall-clock).

| index | settings | QPS per CPU-second | wall-clock QPS | × exact (CPU) | recall@10 | build (wall) |
|---|---|---|---|---|---|---|
{rows}

Hub defaults (m=16, beam-width=100, ef-search=100): recall@10 {default['recallAt10']:.4f} at {default['speedup']:.1f}×
the exact QPS (target recall ≥ 0.95 at ≥ 20×: {met(default['recallAt10'] >= 0.95 and default['speedup'] >= 20)}).

**(c) Through the hub over HTTP** (`java -jar`, profiles `services,bench`, in-process MongoDB, Redis search cache):
{h['ingestDocs']:,} documents loaded through `POST /api/v1/knowledge/bench/documents` in calls of 1,000 in
{h['ingestSeconds']:.0f} s = **{h['ingestRate']:.1f} documents/s** (embedding, MongoDB upsert, index upsert). Then
each of the {o['queries']} queries was sent twice to `POST /api/v1/search` (`"topK":10,"minScore":-1`), once as is
(ANN) and once with `"exact":true`, the order alternating: top-1 agreement **{100 * h['top1Agreement']:.1f} %**
(target ≥ 99 %: {met(h['top1Agreement'] >= 0.99)}), recall@10 {h['recallAt10']:.4f}; mean response time
{h['annMeanMs']:.1f} ms (ANN) vs {h['exactMeanMs']:.1f} ms (exact), both including the query's embedding.
"""
path = "BENCHMARKS.md"
text = open(path).read()
text = re.sub(r"## Semantic memory \(issue 4\).*?(?=\n## |\Z)", "", text, flags=re.S).rstrip() + "\n\n" + section
open(path, "w").write(text)
print(f"(a) ratio {e['ratio']:.3f}; (b) recall@10 {default['recallAt10']:.4f} at {default['speedup']:.1f}x; (c) top-1 {100*h['top1Agreement']:.1f} %")
PY
echo "BENCHMARKS.md updated"
