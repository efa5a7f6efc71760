#!/usr/bin/env bash
# Broker-only baseline with RabbitMQ PerfTest 2.22.1 under the hub's delivery guarantees (durable queue, persistent
# messages, publisher confirms, manual acks), to set the hub's own AMQP figures against.
# Usage: bench/perftest.sh <seconds> <message-size-bytes> <confirm-window> <prefetch> <producers> <consumers>
# Last line: perftest sent_rate=<msg/s> received_rate=<msg/s> p50_latency_ms=<ms> p99_latency_ms=<ms>
# PERFTEST_QUEUE_ARGS=x-max-priority=9 declares the queue like the hub's agent queues (measured 2026-11-22: priority
# queues cost PerfTest ~9 %: 10,812 vs 11,892 msg/s, so they do not explain the hub's gap).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 6 ] || { sed -n 4p "$0" >&2; exit 2; }

URI=${PERFTEST_URI:-amqp://guest:guest@127.0.0.1:5672}
NAME=bench.perftest
DIR=bench/perftest/target
LOG=$DIR/perftest.log

# offline (-o) once PerfTest and the plugin copying it are in the local repository, so that a run needs no network
# after the first; the first resolves them from Maven Central
M2=${MAVEN_REPO:-$HOME/.m2/repository}
OFFLINE=$([ -d "$M2/com/rabbitmq/perf-test/2.22.1" ] && [ -d "$M2/org/apache/maven/plugins/maven-dependency-plugin/3.8.1" ] \
  && echo -o || true)
compgen -G "$DIR/lib/perf-test-*.jar" >/dev/null || ./mvnw -B -q $OFFLINE -f bench/perftest/pom.xml package
# PerfTest cannot delete what it declares and the management API may be off, so a plain AMQP client does it.
# Deleting before the run starts from an empty queue even if an earlier run died; deleting after leaves nothing behind.
cat > "$DIR/DropTopology.java" <<'EOF'
public class DropTopology { public static void main(String[] a) throws Exception {
  var f = new com.rabbitmq.client.ConnectionFactory(); f.setUri(a[0]);
  try (var c = f.newConnection(); var ch = c.createChannel()) { ch.queueDelete(a[1]); ch.exchangeDelete(a[1]); }
}}
EOF
drop() { java -cp "$DIR/lib/*" "$DIR/DropTopology.java" "$URI" "$NAME" >/dev/null; }
drop
trap drop EXIT

# --flag persistent also makes PerfTest declare the queue durable; --auto-delete defaults to true.
# --multi-ack-every 0 is PerfTest's basicAck(tag, multiple=false) on every delivery (1 would ack with multiple=true).
# PERFTEST_CPU_FILE: where to write the CPU seconds PerfTest's client used (bench/cpu.py)
${PERFTEST_CPU_FILE:+python3 bench/cpu.py run "$PERFTEST_CPU_FILE" --} java -cp "$DIR/lib/*" com.rabbitmq.perf.PerfTest --uri "$URI" \
  --exchange "$NAME" --type direct --queue "$NAME" --routing-key "$NAME" --auto-delete false \
  --flag persistent --confirm "$3" --qos "$4" --multi-ack-every 0 \
  --size "$2" --producers "$5" --consumers "$6" --time "$1" ${PERFTEST_QUEUE_ARGS:+--queue-args "$PERFTEST_QUEUE_ARGS"} \
  2>&1 | tee "$LOG"

# Summary lines: "sending rate avg: N msg/s", "receiving rate avg: N msg/s",
# "consumer latency min/median/75th/95th/99th a/b/c/d/e µs" (ms only with --use-millis).
awk '/sending rate avg:/ {s=$(NF-1)} /receiving rate avg:/ {r=$(NF-1)}
  /consumer latency min\/median/ {split($(NF-1), l, "/"); d = ($NF == "ms") ? 1 : 1000; p50 = l[2] / d; p99 = l[5] / d}
  END {if (s == "" || r == "") exit 1
    printf "perftest sent_rate=%s received_rate=%s p50_latency_ms=%s p99_latency_ms=%s\n", s, r,
      (p50 == "" ? "NA" : sprintf("%.3f", p50)), (p99 == "" ? "NA" : sprintf("%.3f", p99))}' "$LOG"
