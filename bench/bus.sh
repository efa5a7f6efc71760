#!/usr/bin/env bash
# Agent-bus benchmark: publish-and-consume throughput through the hub's RabbitMQ transport (sink kamelet, envelope
# validation, publisher confirms, durable queue, source kamelet, validation, PostgreSQL idempotent consumer, acks after
# processing) and, in the same run with the same message size, confirm window, prefetch and acks, RabbitMQ PerfTest.
# Writes both and their ratio to BENCHMARKS.md.
# Usage: bench/bus.sh [messages] [message-bytes] [confirm-window] [prefetch]   (defaults: 40000 1024 64 64; CONSUMERS=4)
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=${1:-40000}
SIZE=${2:-1024}
WINDOW=${3:-64}
PREFETCH=${4:-64}
CONSUMERS=${CONSUMERS:-4}
WARMUP=${WARMUP:-10000}
LOG=target/bench-bus.log

. bench/lib.sh
# same consumer settings as PerfTest: CONSUMERS consumers with PREFETCH unacknowledged messages each
start_hub "$LOG" HUB_BUS_PREFETCH="$PREFETCH" HUB_BUS_CONCURRENCY="$CONSUMERS"

# confirm window W = W publishers, each waiting for its own confirm (the hub publishes synchronously)
hub() { curl -fs -X POST "$BASE/api/v1/bench/bus?messages=$1&size=$SIZE&publishers=$WINDOW"; }
echo "hub warm-up ($WARMUP messages)"; hub "$WARMUP" >/dev/null
HUB=$(hub "$MESSAGES"); echo "hub: $HUB"
kill $HUB_PID; wait $HUB_PID 2>/dev/null || true
HUB_SECONDS=$(echo "$HUB" | sed -E 's/.*"totalSeconds":([0-9.]+).*/\1/')
# PerfTest runs as long as the hub needed (at least 20 s), on the same broker, alone on the machine
PT_SECONDS=$(awk -v s="$HUB_SECONDS" 'BEGIN { s = int(s + 0.5); print (s < 20) ? 20 : s }')
PERF=$(bench/perftest.sh "$PT_SECONDS" "$SIZE" "$WINDOW" "$PREFETCH" 1 "$CONSUMERS" | tail -1); echo "$PERF"

python3 - "$HUB" "$PERF" "$MESSAGES" "$SIZE" "$WINDOW" "$PREFETCH" "$CONSUMERS" "$PT_SECONDS" <<'PY'
import json, re, sys, datetime, os, subprocess
hub, perf, messages, size, window, prefetch, consumers, secs = sys.argv[1:]
h = json.loads(hub)
def f(k): return float(re.search(k + r"=([0-9.]+)", perf).group(1))
hub_rate, pt_rate = h["receivedRate"], f("received_rate")
ratio = hub_rate / pt_rate
verdict = "met" if ratio >= 0.6 else "NOT met"
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
rabbit = subprocess.run(["rabbitmqctl", "version"], capture_output=True, text=True).stdout.strip() or "?"
section = f"""## Agent bus throughput (issue 3)

Command: `bench/bus.sh {messages} {size} {window} {prefetch}` (CONSUMERS={consumers}), run
{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, {java}, RabbitMQ {rabbit} on the same machine.
Both sides: durable queue, persistent {size}-byte messages, publisher confirms with {window} outstanding, {consumers}
consumer(s) with prefetch {prefetch}, one ack per message after processing. The hub side goes through the whole bus:
sink kamelet, envelope schema validation, spring-rabbitmq producer waiting for its confirm ({window} concurrent
publishers), topic exchange, agent queue, inbound route, schema validation again, PostgreSQL idempotent consumer
(claim + confirm: two writes per message), source kamelet, agent route. Hub measured after a warm-up run; PerfTest
alone afterwards for {secs} s.

| side | messages/s received | detail |
|---|---|---|
| hub RabbitMQ transport | {hub_rate:.0f} | {h["messages"]} messages of {h["messageBytes"]} bytes in {h["totalSeconds"]:.1f} s (published at {h["sentRate"]:.0f}/s) |
| RabbitMQ PerfTest 2.22.1 | {pt_rate:.0f} | sent {f("sent_rate"):.0f}/s, latency p50 {f("p50_latency_ms")} ms, p99 {f("p99_latency_ms")} ms |

Ratio hub / PerfTest: **{ratio:.2f}** (target ≥ 0.6: {verdict}).

Where the time goes (async-profiler and `top` during hub runs on this 2-core machine, 2026-11-22): the machine is
saturated (hub JVM ~60 %, PostgreSQL ~45 %, RabbitMQ ~35 % of the 200 %), so the hub's rate is its CPU cost per
message. PerfTest spends almost nothing per message besides the broker's work; the hub spends, per message, two
PostgreSQL commits for the idempotent consumer (claim, then done), two JSON parses and schema validations, five Camel
routes with their route metrics and spans, and a synchronous publish that holds a channel until its confirm (64
publisher threads stand in for a confirm window of 64). Of the hub JVM's own CPU, Spring AMQP and the RabbitMQ
client take ~25 %, the kamelet hops ~14 %, the idempotent repository ~6 % (plus PostgreSQL's own CPU), Jackson and
schema validation ~5 %. One fix came out of the profiling: the RabbitMQ client ran every consumer on 2 threads per
core whatever `hub.bus.rabbitmq.concurrency` said; the hub now gives its connection one thread per consumer
(receive rate 1,100 → ~1,400-1,500/s). Reaching 0.6× would take batching the idempotency writes (one commit per
batch of deliveries) and asynchronous confirms on the publishing side; neither is done.
"""
path = "BENCHMARKS.md"
text = open(path).read()
text = re.sub(r"## Agent bus throughput \(issue 3\).*?(?=\n## |\Z)", "", text, flags=re.S).rstrip() + "\n\n" + section
open(path, "w").write(text)
print(f"ratio hub/perftest = {ratio:.2f} (target >= 0.6: {verdict})")
PY
echo "BENCHMARKS.md updated"
