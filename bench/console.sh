#!/usr/bin/env bash
# Live console stream benchmark (issue 15), against the hub jar (profiles services,bench, in-JVM bus):
#  1. the hub's CPU while an operator pauses and resumes an agent every 1.5 s, with no console connected;
#  2. the same with N consoles connected to GET /api/v1/admin/stream (target: extra CPU <= 5 % of the machine);
#  3. per console and change, the delay from sending the POST to the 'agents' event showing the new status and to the
#     change's 'log' event (target p99 <= 1 s).
# Writes the figures, the command and the load average to BENCHMARKS.md ("Live console stream (issue 15)").
# Usage: bench/console.sh [consoles] [toggles]   (defaults: 100 consoles, 10 pause/resume pairs)
#        SMOKE=1 bench/console.sh   5 consoles, 2 pairs, BENCHMARKS.md untouched, exit 1 on a missed event or a
#        missing figure (run by scripts/test.sh; SKIP_BUILD=1 uses the packaged jar)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SMOKE:-0}" = 1 ]; then
  CONSOLES=${1:-5}; TOGGLES=${2:-2}
else
  CONSOLES=${1:-100}; TOGGLES=${2:-10}
fi
[ "${SKIP_BUILD:-0}" != 1 ] || export BENCH_SKIP_BUILD=1
[ "${SMOKE:-0}" != 1 ] || export BENCH_READY_SECONDS=${BENCH_READY_SECONDS:-300}
smoke_fail() { echo "bench/console.sh smoke: $*" >&2; exit 1; }
AGENT=faq-responder
LOG=target/bench-console.log
export HUB_BENCH_DB=${HUB_BENCH_DB:-hub_bench_console}

. bench/lib.sh
start_hub "$LOG" HUB_BUS_TRANSPORT=local
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
admin_token

ticks() { awk '{print $14 + $15}' "/proc/$HUB_PID/stat"; }
HZ=$(getconf CLK_TCK); CORES=$(nproc)
toggle() { # pause and resume the agent every 1.5 s, $1 times
  for _ in $(seq 1 "$1"); do
    for action in pause resume; do
      curl -fs -o /dev/null -X POST "$BASE/api/v1/admin/agents/$AGENT/$action?reason=bench" -H "Authorization: Bearer $HUB_TOKEN"
      sleep 1.5
    done
  done
}
cpu_percent() { # ticks-before ticks-after seconds: % of the whole machine
  python3 -c "print('%.2f' % (($2 - $1) / $HZ / $3 / $CORES * 100))"
}

no_console_cpu() {
  local t0 s0 t1 s1
  t0=$(ticks); s0=$(date +%s.%N)
  toggle "$TOGGLES"
  t1=$(ticks); s1=$(date +%s.%N)
  cpu_percent "$t0" "$t1" "$(python3 -c "print($s1 - $s0)")"
}

# warm-up: the request path and the stream's figures are JIT-compiled
toggle 4

# 1: no console (measured before and after the consoles; their mean is the baseline)
BASE_BEFORE=$(no_console_cpu)
echo "hub CPU without consoles (before): $BASE_BEFORE % of $CORES cores"

# 2 and 3: N consoles while the same changes happen (console.py toggles through the API, at the same pace)
t0=$(ticks); s0=$(date +%s.%N)
MEASURED=$(python3 bench/console.py 127.0.0.1 "$PORT" "$HUB_TOKEN" "$CONSOLES" "$TOGGLES" "$AGENT")
t1=$(ticks); s1=$(date +%s.%N)
echo "$MEASURED"
WITH_CPU=$(cpu_percent "$t0" "$t1" "$(python3 -c "print($s1 - $s0)")")
BASE_AFTER=$(no_console_cpu)
echo "hub CPU without consoles (after): $BASE_AFTER % of $CORES cores"
BASE_CPU=$(python3 -c "print('%.2f' % (($BASE_BEFORE + $BASE_AFTER) / 2))")
EXTRA=$(python3 -c "print('%.2f' % ($WITH_CPU - $BASE_CPU))")
echo "hub CPU with $CONSOLES consoles: $WITH_CPU % of $CORES cores (extra $EXTRA %)"
STATUS=$(echo "$MEASURED" | grep '^RESULT status' | sed 's/^RESULT //')
LOGLINE=$(echo "$MEASURED" | grep '^RESULT log' | sed 's/^RESULT //')
MISSED=$(echo "$MEASURED" | grep '^RESULT missed' | sed 's/^RESULT missed=//')
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

if [ "${SMOKE:-0}" = 1 ]; then
  [ -n "$STATUS" ] && [ -n "$LOGLINE" ] || smoke_fail "no figures"
  [ "$MISSED" = 0 ] || smoke_fail "$MISSED change(s) never reached a console"
  echo "bench/console.sh smoke: ok ($STATUS; $LOGLINE)"
  exit 0
fi

python3 - "$STATUS" "$LOGLINE" "$MISSED" "$BASE_CPU" "$WITH_CPU" "$EXTRA" "$CONSOLES" "$TOGGLES" "$LOAD_START" \
  "$LOAD_END" <<'PY'
import re, sys, datetime
status, logline, missed, base, with_, extra, consoles, toggles, load_start, load_end = sys.argv[1:]
def field(text, name):
    return re.search(name + r"=(\S+)", text).group(1)
section = f"""## Live console stream (issue 15)

`bash bench/console.sh {consoles} {toggles}` on {datetime.date.today()} (2 cores; load average {load_start} at the start,
{load_end} at the end). The hub jar (profiles services,bench, in-JVM bus); {consoles} consoles hold
`GET /api/v1/admin/stream` open while an operator pauses and resumes `faq-responder` {toggles} times (every 1.5 s).
Delay: from sending the POST to the console receiving the event, per console and change.

| Figure | Measured | Target |
|---|---|---|
| `agents` event showing the new status: p50 / p95 / p99 / max | {field(status, 'p50_ms')} / {field(status, 'p95_ms')} / {field(status, 'p99_ms')} / {field(status, 'max_ms')} ms ({field(status, 'samples')} samples) | p99 ≤ 1000 ms |
| `log` event of the change: p50 / p95 / p99 / max | {field(logline, 'p50_ms')} / {field(logline, 'p95_ms')} / {field(logline, 'p99_ms')} / {field(logline, 'max_ms')} ms ({field(logline, 'samples')} samples) | p99 ≤ 1000 ms |
| changes a console never received | {missed} | 0 |
| hub CPU, same changes, no console (mean of before and after) / {consoles} consoles | {base} % / {with_} % of the machine | |
| extra CPU with {consoles} consoles | {extra} % of the machine | ≤ 5 % |

The figures are computed once per tick for every console (`admin/OperationsStream`): the status delay is bounded by
the 100 ms tick (an agent control applied on this replica, or a route stopped or started, marks them changed; other
figures, such as queue depths, are recomputed every `hub.ops.stream.figures-interval`, 0.5 s) plus the time to write
{consoles} streams; the log delay by the same tick. On RabbitMQ each recomputation also asks the broker (passive
declares on the cached connection and, when configured, the management API), which this in-JVM run does not measure.
"""
sys.path.insert(0, "bench")
from sections import write_section
write_section(section)
PY
