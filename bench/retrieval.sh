#!/usr/bin/env bash
# Retrieval benchmark (issue 16), CLINC150's protocol through the HTTP API of the hub jar (profiles services,bench,
# in-JVM bus): the train split (15,000 queries) indexed as one knowledge collection with the intent as a label; every
# test query (4,500) and out-of-scope test query (1,000) classified by the top hit of POST /api/v1/search with the
# default threshold (no hit = out-of-scope), for the dense, lexical and hybrid modes side by side in one run: in-scope
# accuracy, out-of-scope recall, queries/s and p50/p99 latency (4 client threads).
# Writes the section "## Retrieval (issue 16)" of BENCHMARKS.md with the command and the load average.
# Usage: bench/retrieval.sh [modes]   (default dense,lexical,hybrid)
#        SMOKE=1 bench/retrieval.sh   10 intents (their 1,000 train queries, 2 test queries each), 20 out-of-scope, BENCHMARKS.md
#        untouched, exit 1 when a figure is missing (run by scripts/test.sh; SKIP_BUILD=1 uses the packaged jar)
set -euo pipefail
cd "$(dirname "$0")/.."

MODES=${1:-dense,lexical,hybrid}
DATA=${CLINC150:-../shared/data/clinc150/data_full.json}
[ -f "$DATA" ] || DATA=/work/shared/data/clinc150/data_full.json
[ -f "$DATA" ] || { echo "CLINC150 not found at $DATA (set CLINC150=path/to/data_full.json)" >&2; exit 1; }
if [ "${SMOKE:-0}" = 1 ]; then
  PER_INTENT=2; OOS=20; INTENTS=10; export BENCH_READY_SECONDS=${BENCH_READY_SECONDS:-300}
else
  PER_INTENT=30; OOS=1000; INTENTS=150
fi
[ "${SKIP_BUILD:-0}" != 1 ] || export BENCH_SKIP_BUILD=1
smoke_fail() { echo "bench/retrieval.sh smoke: $*" >&2; exit 1; }
LOG=target/bench-retrieval.log

. bench/lib.sh
start_hub "$LOG" HUB_BUS_TRANSPORT=local
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
admin_token
MEASURED=$(python3 bench/retrieval.py "$BASE" "$HUB_TOKEN" "$DATA" "$MODES" "$PER_INTENT" "$OOS" 4 "$INTENTS")
echo "$MEASURED"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

if [ "${SMOKE:-0}" = 1 ]; then
  for mode in ${MODES//,/ }; do
    echo "$MEASURED" | grep -q "^RESULT mode=$mode in_scope=" || smoke_fail "no figures for $mode"
  done
  echo "bench/retrieval.sh smoke: ok"
  exit 0
fi

python3 - "$MEASURED" "$LOAD_START" "$LOAD_END" "$MODES" <<'PY'
import datetime, re, sys
measured, load_start, load_end, modes = sys.argv[1:]
index = re.search(r"RESULT index documents=(\d+) seconds=(\S+) per_second=(\S+)", measured)
rows = []
for m in re.finditer(r"RESULT mode=(\S+) in_scope=(\S+) oos_recall=(\S+) queries=(\d+) qps=(\S+) p50_ms=(\S+) p99_ms=(\S+)", measured):
    mode, ins, oos, n, qps, p50, p99 = m.groups()
    rows.append(f"| {mode} | {float(ins) * 100:.1f} % | {float(oos) * 100:.1f} % | {qps} | {p50} | {p99} |")
section = f"""## Retrieval (issue 16)

`bash bench/retrieval.sh {modes}` on {datetime.date.today()} (2 cores; load average {load_start} at the start, {load_end} at
the end). CLINC150 (`../shared/data/clinc150/data_full.json`, CC BY 3.0) through the HTTP API of the hub jar: the
{index.group(1)} train queries indexed as one knowledge collection ({index.group(3)} documents/s, embedding included), then
each of the 4,500 test and 1,000 out-of-scope test queries classified by the top hit of `POST /api/v1/search` with
the default threshold (no hit = out-of-scope), 4 client threads, the modes side by side in one run (each mode
warmed up on 100 queries before any is measured).

| Mode | In-scope accuracy | Out-of-scope recall | Queries/s | p50 ms | p99 ms |
|---|---|---|---|---|---|
""" + "\n".join(rows) + """

Anchors (the paper's Table 2, confidence threshold): BERT 96.2 % / 52.3 %; MLP on USE 93.4 / 49.1; DialogFlow
90.8 / 26.7; Rasa 90.9 / 31.2. Targets (issue 16): in-scope ≥ 95 %, out-of-scope recall ≥ 60 %, hybrid p50 ≤ 1.5 ×
dense. The collection is labelled, so dense and hybrid answers are ranked by the collection's classifier and kept
when their calibrated confidence reaches hub.vector.min-confidence (0.5); the classifier is trained once, on the
first search (about 23 s for 15,000 documents, outside the measured window), and adds about 0.05 ms per query.
Lexical search has no confidence: it answers whenever a word matches, so its out-of-scope recall is near zero.
"""
sys.path.insert(0, "bench")
from sections import write_section
write_section(section)
PY
