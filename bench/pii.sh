#!/usr/bin/env bash
# PII detection benchmark (issue 14), in-process (no services needed):
#  quality on the development corpus (presidio-research generated_large.json, 2,109 labelled sentences): per type
#  precision, recall and F2 and the character recall, by 5-fold cross-validation (folds by sentence: templates seen
#  with other values; folds by sentence template: templates never seen), and the shipped model on its own training
#  data; throughput of the shipped analyzer (texts/s, 1 and 2 threads); latency of one 500-character message; then,
#  on a hub (services,bench profile, bench/lib.sh), what pseudonymization adds to POST .../messages (bench/pseudonymize.py).
# Targets (issue 14): character recall >= 0.95, span recall >= 0.90 per type, precision >= 0.85.
# Writes the section "## PII detection (issue 14)" of BENCHMARKS.md.
# Usage: bench/pii.sh   (FOLDS=5 ITERATIONS=300 RUN_SECONDS=10 MESSAGES=400 PII_CORPUS=../shared/data/pii/generated_large.json)
#        SMOKE=1 bench/pii.sh   2 folds, 30 iterations, 1 s runs, 20 messages, BENCHMARKS.md untouched (scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SMOKE:-0}" = 1 ]; then
  FOLDS=${FOLDS:-2}; ITERATIONS=${ITERATIONS:-30}; SECONDS_PER_RUN=${RUN_SECONDS:-1}
else
  FOLDS=${FOLDS:-5}; ITERATIONS=${ITERATIONS:-300}; SECONDS_PER_RUN=${RUN_SECONDS:-10}
fi
CORPUS=${PII_CORPUS:-../shared/data/pii/generated_large.json}
[ -f "$CORPUS" ] || CORPUS=/work/shared/data/pii/generated_large.json
[ -f "$CORPUS" ] || { echo "bench/pii.sh: the PII corpus is missing: set PII_CORPUS=<generated_large.json>" >&2; exit 1; }
START=$(date +%s)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -DskipTests package -Dhub.pii.corpus="$(realpath "$CORPUS")"
  ./mvnw -B -q test-compile
fi
[ -f target/bench-classpath.txt ] && [ target/bench-classpath.txt -nt pom.xml ] \
  || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
[ -f target/classes/pii/name-finder-en.bin ] || { echo "bench/pii.sh: no trained model in target/classes" >&2; exit 1; }
rm -rf target/bench-pii && mkdir -p target/bench-pii
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  com.misybot.hub.bench.PiiBench "$CORPUS" "$FOLDS" "$ITERATIONS" "$SECONDS_PER_RUN" target/bench-pii 2>&1 \
  | grep --line-buffered -E '^\(|Exception|Error|at com\.misybot'
[ -f target/bench-pii/pii.json ] || { echo "bench/pii.sh: no result" >&2; exit 1; }

# What pseudonymization adds to POST .../messages, on a hub (services,bench profile): 500-character messages
# alternately to a session at level none and one at level pseudonymized
if [ "${SMOKE:-0}" = 1 ]; then MESSAGES=${MESSAGES:-20}; else MESSAGES=${MESSAGES:-400}; fi
. bench/lib.sh
BENCH_SKIP_BUILD=1 start_hub target/bench-pii/hub.log
python3 bench/pseudonymize.py "$BASE" "$HUB_ADMIN_PASSWORD" "$MESSAGES" target/bench-pii/pseudonymize.json
kill $HUB_PID; wait $HUB_PID 2>/dev/null || true; trap - EXIT

python3 - "$FOLDS" "$ITERATIONS" "$SECONDS_PER_RUN" "$(( $(date +%s) - START ))" "${SMOKE:-0}" "$LOAD" "$CORPUS" "$MESSAGES" <<'PY'
import json, os, re, sys, datetime, subprocess
folds, iterations, seconds, elapsed, smoke, load, corpus, messages = sys.argv[1:]
r = json.load(open("target/bench-pii/pii.json"))
p = json.load(open("target/bench-pii/pseudonymize.json"))
def met(ok): return "MET" if ok else "NOT MET"
def targets(q):
    per_type = all(t["recall"] >= 0.90 for t in q["byType"].values() if t["labelled"] > 0)
    return q["charRecall"] >= 0.95 and q["precision"] >= 0.85 and per_type
s = r["cv-sentence"]
print(f"pii bench: cross-validation by sentence: precision {s['precision']:.3f}, span recall {s['spanRecall']:.3f}, "
      f"character recall {s['charRecall']:.3f} (targets {met(targets(s))}); {r['textsPerSecond2']:.0f} texts/s on 2 "
      f"threads; 500-character message p50 {r['message500P50Ms']:.2f} ms")
if smoke == "1":
    # smoke: the harness runs end to end and the detector is not broken (weak model: 2 folds, 30 iterations)
    ok = s["charRecall"] > 0.8 and s["precision"] > 0.8 and r["textsPerSecond1"] > 0 and r["shipped-on-training-data"]["spanRecall"] > 0.9 \
        and p["server"].get("count", 0) >= int(messages) and p["pseudonymizedP50Ms"] > 0
    print("bench/pii.sh smoke: " + ("ok" if ok else "FAILED"))
    sys.exit(0 if ok else 1)
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
def table(q):
    rows = "\n".join(f"| {t} | {c['labelled']} | {c['predicted']} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f2']:.3f} |"
                     for t, c in q["byType"].items() if c["labelled"] or c["predicted"])
    return ("| type | labelled | predicted | precision | recall | F2 |\n|---|---|---|---|---|---|\n" + rows +
            f"\n| **all** | | | **{q['precision']:.3f}** | **{q['spanRecall']:.3f}** | |\n\n"
            f"Character recall **{q['charRecall']:.3f}**; targets (character recall ≥ 0.95, span recall ≥ 0.90 per type, "
            f"precision ≥ 0.85): **{met(targets(q))}**.")
env = [f"{k}={v}" for k, v, d in [("FOLDS", folds, "5"), ("ITERATIONS", iterations, "300"), ("RUN_SECONDS", seconds, "10"), ("MESSAGES", messages, "400")] if v != d]
section = f"""## PII detection (issue 14)

Command: `{' '.join(env + ['bench/pii.sh'])}`, run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores
({cpu}), {java}; load average before: {load}. The whole script took {int(elapsed) // 60} min {int(elapsed) % 60} s.
Harness: `src/test/java/com/misybot/hub/bench/PiiBench.java`; corpus `{corpus}` ({r['texts']:,} sentences, its
`ADDRESS` scored as `STREET_ADDRESS`); scoring as issue 14 defines it (`PiiEvaluation`). Detector: pattern recognizers
with validators (commons-validator Luhn, e-mail, IP; iban4j mod-97; libphonenumber `findNumbers`), context words,
threshold 0.4, and an OpenNLP name finder (averaged perceptron, {iterations} iterations) with Datafaker name and
place lists as features. Each fold's model is trained on the other folds only.

**{folds}-fold cross-validation, folds by sentence** (the same sentence templates with other names, numbers and
addresses: what a held-out corpus "of the same kind" looks like):

{table(r['cv-sentence'])}

**{folds}-fold cross-validation, folds by sentence template** (each fold's templates never seen in training: the
harder, out-of-distribution case; the name finder generalizes less well there):

{table(r['cv-template'])}

For reference only, the shipped model (trained on all {r['texts']:,} sentences) scored on that same corpus:
precision {r['shipped-on-training-data']['precision']:.3f}, span recall {r['shipped-on-training-data']['spanRecall']:.3f},
character recall {r['shipped-on-training-data']['charRecall']:.3f}. Presidio on its own benchmark: 0.685 / 0.603
(spaCy), 0.870 / 0.839 (tuned, transformer NER).

**Throughput** of the shipped analyzer over the corpus sentences (mean {r['meanChars']:.0f} characters):
**{r['textsPerSecond1']:,.0f} texts/s** on 1 thread, **{r['textsPerSecond2']:,.0f} texts/s** on 2 threads.
**Latency** of one 500-character message ({r['message500Entities']} entities): p50 **{r['message500P50Ms']:.2f} ms**,
p99 {r['message500P99Ms']:.2f} ms.

**What pseudonymization adds to `POST …/messages`** (target ≤ 2 ms at p50), on one hub (profile `services,bench`:
PostgreSQL, Redis, RabbitMQ), one client with keep-alive (`bench/pseudonymize.py`): {messages} messages of 500
characters with 7 PII values each (the e-mail differs in every message, the other values repeat), alternately to a
session at level `none` (the anchor, stored as written) and one at level `pseudonymized` (detected, the vault read
and written, surrogates stored), one request every 250 ms (`PACE_MS`) so that the agents' work on the previous
message (front desk, embeddings) does not share the 2 cores with the measured request:

| level | p50 | p99 |
|---|---|---|
| none (anchor) | {p['noneP50Ms']:.2f} ms | {p['noneP99Ms']:.2f} ms |
| pseudonymized | {p['pseudonymizedP50Ms']:.2f} ms | {p['pseudonymizedP99Ms']:.2f} ms |
| **added** | **{p['addedP50Ms']:+.2f} ms** | |

The hub's own timer of the step (`hub.privacy.pseudonymize`: detection, vault and replacement of the
{p['server'].get('count', 0):.0f} texts it pseudonymized; reading the session's level is not in it): p50 {p['server'].get('p50Ms', float('nan')):.2f} ms, p99
{p['server'].get('p99Ms', float('nan')):.2f} ms. Target ≤ 2 ms at p50: **{met(p['addedP50Ms'] <= 2.0)}**.
Where the time goes: detection alone costs p50 {r['message500P50Ms']:.2f} ms per 500 characters in a warmed-up JVM
(above), most of it the name finder, which by itself is over the target; the vault costs one round trip for new values
and none for values this replica has seen. In the hub the step measures more than detection in-process; this bench
does not break that down yet (the agents' background work sharing the 2 cores and a less warmed-up JIT are the
suspects). Reaching 2 ms needs a cheaper PERSON/STREET_ADDRESS detector.
"""
path = "BENCHMARKS.md"
text = open(path).read()
text = re.sub(r"\n*## PII detection \(issue 14\).*?(?=\n## |\Z)", "", text, flags=re.S).rstrip() + "\n\n" + section
open(path, "w").write(text)
print("BENCHMARKS.md updated")
PY
