#!/usr/bin/env bash
# Agent-bus benchmark: publish-and-consume throughput through the hub's RabbitMQ transport (sink kamelet, envelope
# validation, publisher confirms, durable queue, source kamelet, validation, PostgreSQL idempotent consumer, acks after
# processing) and, in the same run with the same message size, confirm window, prefetch and acks, RabbitMQ PerfTest.
# Also the halves apart (publish while the bench agent is paused, then the drain) and the price of each guarantee
# (steps from a floor of plain Camel routes up to the whole path, with each process's CPU per message: bench/cpu.py).
# Writes all of it and the ratios to BENCHMARKS.md.
# Usage: bench/bus.sh [messages] [message-bytes] [confirm-window] [prefetch]   (defaults: 40000 1024 64 64; CONSUMERS=4;
#        STEP_WARMUP=10000 messages before each step)
#        SMOKE=1 bench/bus.sh   300 messages after a 200-message warm-up (and through each step twice), PerfTest for
#        3 s, BENCHMARKS.md untouched, exit 1 when a side or a step moved nothing, lost a message or has no CPU figure
#        (run by scripts/test.sh; SKIP_BUILD=1 uses the packaged jar)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SMOKE:-0}" = 1 ]; then
  MESSAGES=${1:-300}; WARMUP=${WARMUP:-200}; STEP_WARMUP=100; export BENCH_READY_SECONDS=${BENCH_READY_SECONDS:-300}
else
  MESSAGES=${1:-40000}; WARMUP=${WARMUP:-10000}; STEP_WARMUP=${STEP_WARMUP:-10000}
fi
[ "${SKIP_BUILD:-0}" != 1 ] || export BENCH_SKIP_BUILD=1
smoke_fail() { echo "bench/bus.sh smoke: $*" >&2; exit 1; }
SIZE=${2:-1024}
WINDOW=${3:-64}
PREFETCH=${4:-64}
CONSUMERS=${CONSUMERS:-4}
LOG=target/bench-bus.log

. bench/lib.sh
# the machine may be shared: record how busy it was when the run started
export LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)
# same consumer settings as PerfTest: CONSUMERS consumers with PREFETCH unacknowledged messages each; the hub processes
# those deliveries on PREFETCH x CONSUMERS worker threads (each waits for its idempotency writes), acking each after it
# BENCH_BUS_AGENT: the bench agent (queue hub.agent.<agent>), when another hub on the broker consumes bench-sink
start_hub "$LOG" HUB_BENCH_BUS_AGENT="${BENCH_BUS_AGENT:-bench-sink}" HUB_BUS_PREFETCH="$PREFETCH" HUB_BUS_CONCURRENCY="$CONSUMERS" HUB_BUS_WORKERS=$((PREFETCH * CONSUMERS))

# one publisher thread with at most WINDOW unconfirmed sends, as PerfTest's one producer with --confirm WINDOW
hub() { curl -fs -X POST "$BASE/api/v1/bench/bus?messages=$1&size=$SIZE&publishers=1&window=$WINDOW${2:-}"; }
echo "hub warm-up ($WARMUP messages)"; hub "$WARMUP" >/dev/null
# the hub's publish-to-confirm timer (hub.bus.publish.confirm): its count and sum before and after the measured run
admin_token
confirms() { { curl -fs "$BASE/actuator/prometheus" -H "Authorization: Bearer $HUB_TOKEN" || true; } \
  | awk '/^hub_bus_publish_confirm_seconds_count/ {c=$2} /^hub_bus_publish_confirm_seconds_sum/ {s=$2} END {print c+0, s+0}'; }
CONFIRMS_BEFORE=$(confirms)
HUB=$(hub "$MESSAGES") || { echo "bench/bus.sh: POST $BASE/api/v1/bench/bus failed; see $LOG" >&2; exit 1; }
CONFIRMS_AFTER=$(confirms)
CONFIRM_MS=$(echo "$CONFIRMS_BEFORE $CONFIRMS_AFTER" | awk '{ if ($3 > $1) printf "%.2f", 1000 * ($4 - $2) / ($3 - $1); else print "NA" }')
echo "hub: $HUB (mean publish-to-confirm ${CONFIRM_MS} ms)"
# the two halves apart: publish while the bench agent is paused (admin API, as an operator would), then resume it
# and time the queue's drain
AGENT_API="$BASE/api/v1/admin/agents/${BENCH_BUS_AGENT:-bench-sink}"
curl -fs -X POST "$AGENT_API/pause?reason=bench" -H "Authorization: Bearer $HUB_TOKEN" >/dev/null \
  || { echo "bench/bus.sh: pausing the bench agent failed; see $LOG" >&2; exit 1; }
PUBLISHED=$(hub "$MESSAGES" "&phased=true") || { echo "bench/bus.sh: phased POST $BASE/api/v1/bench/bus failed; see $LOG" >&2; exit 1; }
curl -fs -X POST "$AGENT_API/resume?reason=bench" -H "Authorization: Bearer $HUB_TOKEN" >/dev/null \
  || { echo "bench/bus.sh: resuming the bench agent failed; see $LOG" >&2; exit 1; }
DRAINED=$(hub 0 "&drain=true") || { echo "bench/bus.sh: draining POST $BASE/api/v1/bench/bus failed; see $LOG" >&2; exit 1; }
PHASED=$(python3 -c 'import json, sys; p = json.loads(sys.argv[1]); p.update(json.loads(sys.argv[2])); print(json.dumps(p))' \
  "$PUBLISHED" "$DRAINED")
echo "hub phased: $PHASED"
# the price of each guarantee: the same publisher, queue declaration and consumer settings, from a floor (Camel and
# Spring AMQP with confirms and acks only) up to the whole path (BusBenchSteps), each after a warm-up of its own,
# with the CPU that the hub, RabbitMQ and PostgreSQL spent on the measured run (bench/cpu.py); twice, the second time
# in reverse order, so that what drifts with time (JIT, PostgreSQL's checkpoints and autovacuum) weighs on every step
STEPS=""
for step in floor validated idempotent hub hub idempotent validated floor; do
  hub "$STEP_WARMUP" "&step=$step" >/dev/null || { echo "bench/bus.sh: step $step warm-up failed; see $LOG" >&2; exit 1; }
  # what autovacuum does on a default server (off on this machine's CI PostgreSQL: conf.d/90-ci.conf): without it,
  # every claim's confirm leaves a dead row behind and each step would pay for all the steps before it
  psql -q -h 127.0.0.1 -U hub -d "${HUB_BENCH_DB:-hub_bench}" -c 'VACUUM bus_processed_message' \
    || { echo "bench/bus.sh: VACUUM of the idempotency table failed" >&2; exit 1; }
  CPU_BEFORE=$(python3 bench/cpu.py snapshot $HUB_PID)
  RUN=$(hub "$MESSAGES" "&step=$step") || { echo "bench/bus.sh: step $step failed; see $LOG" >&2; exit 1; }
  CPU=$(python3 bench/cpu.py diff "$CPU_BEFORE" "$(python3 bench/cpu.py snapshot $HUB_PID)")
  STEPS="$STEPS$(python3 -c 'import json, sys; r = json.loads(sys.argv[1]); r["cpu"] = json.loads(sys.argv[2]); print(json.dumps(r))' "$RUN" "$CPU")
"
  echo "step $step: $RUN, CPU s: $CPU"
done
kill $HUB_PID; wait $HUB_PID 2>/dev/null || true
HUB_SECONDS=$(echo "$HUB" | sed -E 's/.*"totalSeconds":([0-9.]+).*/\1/')
# PerfTest runs as long as the hub needed (at least 20 s), on the same broker, alone on the machine (smoke: 3 s)
PT_SECONDS=$(awk -v s="$HUB_SECONDS" 'BEGIN { s = int(s + 0.5); print (s < 20) ? 20 : s }')
[ "${SMOKE:-0}" != 1 ] || PT_SECONDS=3
# with the CPU PerfTest's client and the broker spent (the broker's over the whole script, start and stop included)
PT_CPU_BEFORE=$(python3 bench/cpu.py snapshot)
PERF=$(PERFTEST_CPU_FILE=target/bench-bus-perftest.cpu bench/perftest.sh "$PT_SECONDS" "$SIZE" "$WINDOW" "$PREFETCH" 1 "$CONSUMERS" \
  | tail -1); echo "$PERF"
PT_CPU=$(python3 bench/cpu.py diff "$PT_CPU_BEFORE" "$(python3 bench/cpu.py snapshot)")
PT_CPU_CLIENT=$(cat target/bench-bus-perftest.cpu)
echo "PerfTest CPU: client ${PT_CPU_CLIENT} s, $PT_CPU"
# PerfTest's publisher alone (no consumer: every message is written to disk before its confirm), for the phased run
PERF_PUBLISH=$(bench/perftest.sh "$([ "${SMOKE:-0}" = 1 ] && echo 3 || echo 15)" "$SIZE" "$WINDOW" "$PREFETCH" 1 0 \
  | tail -1); echo "publish only: $PERF_PUBLISH"
if [ "${SMOKE:-0}" = 1 ]; then
  # the harness works end to end: every message published, confirmed and received; PerfTest moved messages; a ratio
  python3 - "$HUB" "$PERF" "$MESSAGES" "$PHASED" "$PERF_PUBLISH" "$STEPS" "$PT_CPU_CLIENT" <<'PY' || smoke_fail "see the line above"
import json, math, re, sys
hub, perf, messages, phased, perf_publish, steps, pt_cpu = sys.argv[1:]
runs = [json.loads(line) for line in steps.splitlines() if line.strip()]
if [r.get("step") for r in runs] != ["floor", "validated", "idempotent", "hub", "hub", "idempotent", "validated", "floor"]:
    sys.exit(f"steps measured: {[r.get('step') for r in runs]}")
for r in runs:
    if r.get("received") != int(messages) or r.get("failedSends") != 0 or not r["cpu"]["hub"] > 0:
        sys.exit(f"step {r['step']}: {r}")
if not float(pt_cpu) > 0:
    sys.exit(f"no CPU time for PerfTest's client: {pt_cpu!r}")
try:
    p = json.loads(phased)
except ValueError:
    sys.exit(f"phased hub result is not JSON: {phased!r}")
if p.get("received") != int(messages) or not p.get("sentRate", 0) > 0 or not p.get("consumeRate", 0) > 0:
    sys.exit(f"phased hub run: {phased}")
if not re.match(r"perftest sent_rate=[0-9.]*[1-9]", perf_publish):
    sys.exit(f"PerfTest publisher alone sent nothing: {perf_publish!r}")
try:
    h = json.loads(hub)
except ValueError:
    sys.exit(f"hub result is not JSON: {hub!r}")
m = re.match(r"perftest sent_rate=([0-9.]+) received_rate=([0-9.]+) ", perf)
if not m:
    sys.exit(f"no PerfTest result: {perf!r}")
if h.get("messages") != int(messages) or h.get("failedSends", 0) != 0 or not h.get("receivedRate", 0) > 0:
    sys.exit(f"hub side: {hub}")
pt = float(m.group(2))
if not pt > 0:
    sys.exit(f"PerfTest received nothing: {perf}")
ratio = h["receivedRate"] / pt
if not math.isfinite(ratio) or ratio <= 0:
    sys.exit(f"ratio hub/perftest is not a number: {ratio}")
print(f"bench/bus.sh smoke: ok (hub {h['receivedRate']:.0f}/s, PerfTest {pt:.0f}/s, ratio {ratio:.2f})")
PY
  exit 0
fi

python3 - "$HUB" "$PERF" "$MESSAGES" "$SIZE" "$WINDOW" "$PREFETCH" "$CONSUMERS" "$PT_SECONDS" "$CONFIRM_MS" \
  "$PHASED" "$PERF_PUBLISH" "$STEPS" "$PT_CPU" "$PT_CPU_CLIENT" "$STEP_WARMUP" <<'PY'
import json, re, sys, datetime, os, subprocess
(hub, perf, messages, size, window, prefetch, consumers, secs, confirm_ms, phased, perf_publish, steps, pt_cpu,
 pt_cpu_client, step_warmup) = sys.argv[1:]
runs = [json.loads(line) for line in steps.splitlines() if line.strip()]
h = json.loads(hub)
ph = json.loads(phased)
pt_publish = float(re.search(r"sent_rate=([0-9.]+)", perf_publish).group(1))
def f(k): return float(re.search(k + r"=([0-9.]+)", perf).group(1))
hub_rate, pt_rate = h["receivedRate"], f("received_rate")
ratio = hub_rate / pt_rate
verdict = "met" if ratio >= 0.6 else "NOT met"
load = os.environ.get("LOAD_AT_START", "?")
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
rabbit = subprocess.run(["rabbitmqctl", "version"], capture_output=True, text=True).stdout.strip() or "?"
adds = {"floor": "Camel route + Spring AMQP: the hub's publisher (confirms), manual ack after processing, worker pool",
        "validated": "+ envelope parse and schema validation, on both hops",
        "idempotent": "+ PostgreSQL idempotent consumer (claim and confirm, group-committed)",
        "hub": "+ sink and source kamelets, direct hops, agent route's error handler (retries, dead letters)"}
pt_total = pt_rate * float(secs)
pt_cpu_d = json.loads(pt_cpu)
rows = ["| step | what it adds | received msg/s (mean; the two runs) | / PerfTest | CPU ms per message: hub (or PerfTest client) | RabbitMQ | PostgreSQL | all |",
        "|---|---|---|---|---|---|---|---|"]
for step in adds:
    both = [r for r in runs if r["step"] == step]
    rates = [r["receivedRate"] for r in both]
    rate = sum(rates) / len(rates)
    n = sum(r["received"] for r in both)
    ms = {k: 1000 * sum(r["cpu"][k] for r in both) / n for k in ("hub", "broker", "postgres")}
    rows.append(f"| {step} | {adds[step]} | {rate:.0f} ({' / '.join(f'{x:.0f}' for x in rates)}) | {rate / pt_rate:.2f} | "
                f"{ms['hub']:.3f} | {ms['broker']:.3f} | {ms['postgres']:.3f} | {sum(ms.values()):.3f} |")
pt_ms = {"client": 1000 * float(pt_cpu_client) / pt_total, "broker": 1000 * pt_cpu_d["broker"] / pt_total,
         "postgres": 1000 * pt_cpu_d["postgres"] / pt_total}
rows.append(f"| PerfTest | its Java client, same guarantees | {pt_rate:.0f} | 1.00 | {pt_ms['client']:.3f} | "
            f"{pt_ms['broker']:.3f} | {pt_ms['postgres']:.3f} | {sum(pt_ms.values()):.3f} |")
staircase = "\n".join(rows)
section = f"""## Agent bus throughput (issue 3)

Command: `bench/bus.sh {messages} {size} {window} {prefetch}` (CONSUMERS={consumers}), run
{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, {java}, RabbitMQ {rabbit} on the same machine.
Load average at the start of the run: {load}. The machine is shared: other engineers' builds, tests and benchmarks
ran at the same time, so absolute figures move a lot from run to run; compare the ratio of one run.
Both sides: durable queue, persistent {size}-byte messages, one publisher with at most {window} unconfirmed messages
(publisher confirms), {consumers} consumer(s) with prefetch {prefetch}, one ack per message after processing. The hub
side goes through the whole bus: sink kamelet, envelope schema validation, asynchronous publish on a confirm-mode
channel whose send completes only on the broker's confirm, topic exchange, priority agent queue, inbound route, schema validation
again, PostgreSQL idempotent consumer (claim + confirm, group-committed), source kamelet, agent route, ack. The hub's
{consumers} AMQP consumers hand their deliveries to {int(prefetch) * int(consumers)} worker threads (prefetch x consumers: every
unacknowledged delivery can be in processing; the broker-side limits are the same as PerfTest's). Hub measured after
a warm-up run; PerfTest alone afterwards for {secs} s.

| side | messages/s received | detail |
|---|---|---|
| hub RabbitMQ transport | {hub_rate:.0f} | {h["messages"]} messages of {h["messageBytes"]} bytes in {h["totalSeconds"]:.1f} s (published and confirmed at {h["sentRate"]:.0f}/s, {h.get("failedSends", 0)} failed; mean publish-to-confirm {confirm_ms} ms) |
| RabbitMQ PerfTest 2.22.1 | {pt_rate:.0f} | sent {f("sent_rate"):.0f}/s, latency p50 {f("p50_latency_ms")} ms, p99 {f("p99_latency_ms")} ms |

Ratio hub / PerfTest: **{ratio:.2f}** (target ≥ 0.6: {verdict}).

The halves apart, same run: the hub published {ph["messages"]} messages while its bench agent was paused, at
{ph["sentRate"]:.0f}/s (PerfTest's publisher alone, no consumer, 1 producer, window {window}: {pt_publish:.0f}/s; ratio
{ph["sentRate"] / pt_publish:.2f}), then consumed them from the queue at {ph["consumeRate"]:.0f}/s (PerfTest's consumers
with its publisher running: {pt_rate:.0f}/s; ratio {ph["consumeRate"] / pt_rate:.2f}).

The price of each guarantee, same run: the same publisher (persistent messages, publisher confirms, window
{window}), queue declaration (durable, priorities) and consumer settings, from a floor up to the hub's whole path,
{messages} messages per step after a warm-up of {step_warmup}, every step twice (floor to hub, then hub to floor), each
after a `VACUUM` of the idempotency table (autovacuum is off on this machine's PostgreSQL); CPU is what each process
spent on the measured runs, per message received (`bench/cpu.py`; PostgreSQL's includes its background work, such as
checkpoints; PerfTest's broker figure includes PerfTest's start and stop).

{staircase}

What changed for issue 3's target, each measured on this shared machine with the same settings (hub received/s;
before = the synchronous design, 307/s against PerfTest 10,976/s in the same conditions, ratio 0.03):
- group commit of the idempotency claims/confirms with deliveries processed concurrently (manual acks after
  processing, 32 workers): 643/s (PerfTest 9,471/s in that run);
- the same with one worker per unacknowledged delivery (256): consumption kept pace with publishing, ~1,330/s;
- asynchronous correlated confirms (one publisher thread, window {window}, instead of {window} threads blocked on
  their own confirm): the publishing thread's share of the hub's CPU halved (26 % → 14 %), rate within noise;
- a separate publisher connection (as PerfTest has): within noise (~1,410/s), kept because broker flow control on
  publishers must not block the consumers' acks;
- publishing over 4 long-lived confirm-mode channels instead of a cached channel per unconfirmed publish (issue
  18): floor +14 %, whole path +13 % side by side (section "Agent bus: where the confirm time goes").
The envelope is parsed once per hop (three parses before); not measured separately.

Where the time goes (a wall-clock profile) and what was tried for issue 18: the hand-written section "Agent bus: where
the confirm time goes (issue 18)" of this file.
"""
path = "BENCHMARKS.md"
text = open(path).read()
text = re.sub(r"## Agent bus throughput \(issue 3\).*?(?=\n## |\Z)", "", text, flags=re.S).rstrip() + "\n\n" + section
open(path, "w").write(text)
print(f"ratio hub/perftest = {ratio:.2f} (target >= 0.6: {verdict})")
PY
echo "BENCHMARKS.md updated"
