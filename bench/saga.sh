#!/usr/bin/env bash
# Viralization saga benchmark (issue 6), database hub_bench_saga (reset before each part):
#  (a) per-step overhead of the persistent saga service, in-process (SpringApplication + a bench RouteBuilder):
#      N step routes called plainly vs the same inside a saga (REQUIRES_NEW/MANUAL, each step MANDATORY with a
#      compensation and the pipeline's checkpoint SagaControl.stepDone, then saga:complete), interleaved, single
#      thread; then each saga statement timed on its own, and one autocommitted UPDATE as the machine's floor;
#      the same with Camel's InMemorySagaService (hub.saga.mode=memory) for reference;
#  (b) the packaged jar with 1,000 viralization runs held in the publish step by a slow platform stub, SIGKILL,
#      restart, time until all 1,000 sagas are COMPENSATED/COMPLETED; with hub.saga.workers 8 (default) and 32.
# Writes the section "## Viralization saga (issue 6)" of BENCHMARKS.md.
# Usage: bench/saga.sh   (STEPS=5 ITERATIONS=3000 WARMUP=500 RUNS=1000 RUN_WORKERS=256 SAGA_WORKERS="8 32")
#        SMOKE=1 bench/saga.sh   (a) 100 iterations after 50 warm-up, (b) 20 sagas with 8 workers only,
#        BENCHMARKS.md untouched, exit 1 when a part wrote no result or (b) did not finish every saga (run by
#        scripts/test.sh; SKIP_BUILD=1 uses the packaged jar and test classes)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SMOKE:-0}" = 1 ]; then
  ITERATIONS=${ITERATIONS:-100}; WARMUP=${WARMUP:-50}; RUNS=${RUNS:-20}; RUN_WORKERS=${RUN_WORKERS:-16}
  SAGA_WORKERS=${SAGA_WORKERS:-8}
else
  ITERATIONS=${ITERATIONS:-3000}; WARMUP=${WARMUP:-500}; RUNS=${RUNS:-1000}; RUN_WORKERS=${RUN_WORKERS:-256}
  SAGA_WORKERS=${SAGA_WORKERS:-8 32}
fi
smoke_fail() { echo "bench/saga.sh smoke: $*" >&2; exit 1; }
STEPS=${STEPS:-5}
START=$(date +%s)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/services.sh
  ./mvnw -B -q -DskipTests package
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
else
  [ -f target/bench-classpath.txt ] && [ target/bench-classpath.txt -nt pom.xml ] \
    || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
rm -rf target/bench-saga && mkdir -p target/bench-saga
bench() {
  java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    -Dbench.steps="$STEPS" -Dbench.iterations="$ITERATIONS" -Dbench.warmup="$WARMUP" -Dbench.runs="$RUNS" \
    -Dbench.runWorkers="$RUN_WORKERS" \
    com.misybot.hub.bench.SagaBench "$@" 2>&1 | grep --line-buffered -E '^\(|^wrote|Exception|Error|at com\.misybot' || true
}
load() { echo "$1 $(cut -d' ' -f1-3 /proc/loadavg)" >> target/bench-saga/load.txt; }

echo "(a) per-step overhead, persistent saga service"
load overhead-persistent; bench overhead persistent
echo "(a) reference: Camel's in-memory saga service"
load overhead-memory; bench overhead memory
for w in $SAGA_WORKERS; do
  echo "(b) recovery of $RUNS sagas after SIGKILL, hub.saga.workers=$w"
  load "recovery-w$w"; bench recovery "$w"
done
[ -f target/bench-saga/overhead-persistent.json ] || { echo "(a) failed" >&2; exit 1; }
if [ "${SMOKE:-0}" = 1 ]; then
  # the harness works end to end: both (a) runs and every (b) run wrote figures, (b) finished all its sagas
  python3 - "$RUNS" "$SAGA_WORKERS" <<'PY' || smoke_fail "see the line above"
import json, math, os, sys
runs, workers = int(sys.argv[1]), sys.argv[2].split()
D = "target/bench-saga/"
def j(name):
    if not os.path.exists(D + name):
        sys.exit(f"no result {D + name}")
    return json.load(open(D + name))
p, m = j("overhead-persistent.json"), j("overhead-memory.json")
for name, r in (("persistent", p), ("memory", m)):
    for side in ("plain", "saga"):
        v = r[side]["p50"]
        if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            sys.exit(f"(a) {name} {side} p50 is not a number: {v!r}")
v = p["overheadPerStepP50Ms"]
if not isinstance(v, (int, float)) or not math.isfinite(v):
    sys.exit(f"(a) overhead per step is not a number: {v!r}")
for w in workers:
    x = j(f"recovery-w{w}.json")["recovery"]
    if x["finished"] != runs:
        sys.exit(f"(b) workers {w}: {x['finished']} of {runs} sagas finished ({x['statuses']})")
    if not math.isfinite(x["healthyToAllFinishedSeconds"]):
        sys.exit(f"(b) workers {w}: recovery time is not a number")
print(f"bench/saga.sh smoke: ok ((a) {v:.2f} ms per step at p50; (b) " + ", ".join(
    f"workers {w}: {runs} sagas in {j(f'recovery-w{w}.json')['recovery']['healthyToAllFinishedSeconds']:.2f} s" for w in workers) + ")")
PY
  exit 0
fi

python3 - "$STEPS" "$ITERATIONS" "$WARMUP" "$RUNS" "$RUN_WORKERS" "$SAGA_WORKERS" "$(( $(date +%s) - START ))" <<'PY'
import json, os, re, sys, datetime, subprocess
steps, iters, warm, runs, run_workers, saga_workers, elapsed = sys.argv[1:]
D = "target/bench-saga/"
load = dict(l.split(" ", 1) for l in open(D + "load.txt").read().splitlines())
def j(name):
    return json.load(open(D + name)) if os.path.exists(D + name) else None
p, m = j("overhead-persistent.json"), j("overhead-memory.json")
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
def met(ok): return "MET" if ok else "NOT MET"
def row(name, s): return f"| {name} | {s['p50']:.3f} | {s['p90']:.3f} | {s['p99']:.3f} | {s['mean']:.3f} |"
env = [f"{k}={v}" for k, v, d in [("STEPS", steps, "5"), ("ITERATIONS", iters, "3000"), ("WARMUP", warm, "500"),
       ("RUNS", runs, "1000"), ("RUN_WORKERS", run_workers, "256"), ("SAGA_WORKERS", saga_workers, "8 32")] if v != d]
cmd = " ".join(env + ["bench/saga.sh"])
n = int(steps)
per = p["overheadPerStepP50Ms"]
st = p["statements"]
inside = st["insert"]["p50"] + n * (st["stepBegin"]["p50"] + st["stepFinish"]["p50"]) + st["toCompleting"]["p50"] \
    + st["find"]["p50"] + st["steps"]["p50"] + st["toCompleted"]["p50"]
mem = ""
if m:
    mem = (row(f"B' same saga routes on Camel's `InMemorySagaService` (`hub.saga.mode=memory`, no checkpoint)", m["saga"])
           + f"\n| A' plain routes, same process as B' | {m['plain']['p50']:.3f} | {m['plain']['p90']:.3f} | {m['plain']['p99']:.3f} | {m['plain']['mean']:.3f} |")
srows = "\n".join(f"| {k} | {v['p50']:.3f} | {v['p90']:.3f} | {v['p99']:.3f} |" for k, v in [
    ("`saga-insert.sql` (newSaga)", st["insert"]), ("`saga-step-begin.sql` (beginStep)", st["stepBegin"]),
    ("`saga-step-finish.sql` (checkpoint stepDone)", st["stepFinish"]),
    ("`saga-transition.sql` RUNNING→COMPLETING (complete)", st["toCompleting"]),
    ("`saga-select.sql` (worker: find)", st["find"]), ("`saga-steps-select.sql` (worker: steps)", st["steps"]),
    ("`saga-transition.sql` COMPLETING→COMPLETED (worker)", st["toCompleted"]),
    ("one-row `UPDATE` + commit (the machine's floor)", p["commit"])])
rec = []
for w in saga_workers.split():
    r = j(f"recovery-w{w}.json")
    if r is None:
        rec.append((w, None)); continue
    rec.append((w, r))
def kill_state(r):
    a = r["atKill"]
    steps_ = ", ".join(f"{k} {v}" for k, v in a["latestStep"].items())
    st_ = ", ".join(f"{k} {v}" for k, v in a["statuses"].items())
    pub = ", ".join(f"{k} {v}" for k, v in a["publications"].items())
    return st_, steps_, pub
rrows = []
for w, r in rec:
    if r is None:
        rrows.append(f"| {w} | failed, see the script's output | | | | | |"); continue
    x = r["recovery"]
    rrows.append(f"| {w} | {x['startToHealthySeconds']:.1f} | {x['leaseEndBeforeHealthySeconds']:.1f} | "
                 f"{x['healthyToAllFinishedSeconds']:.2f} | {x['firstToLastFinishedSeconds']:.2f} | "
                 f"{x['killToAllFinishedSeconds']:.1f} | {x['finished']} ({', '.join(f'{k} {v}' for k, v in x['statuses'].items())}) | "
                 f"{x['compensations']} / {x['stepsCompensatedMoreThanOnce']} / {x['postsDeletedTwice']} |")
details = []
for w, r in rec:
    if r is None: continue
    x = r["recovery"]
    st_, steps_, pub = kill_state(r)
    kinds = "; ".join(f"{'with' if k['withCompensations'] else 'without'} compensations: {k['sagas']} sagas, finished "
                      f"{k['firstFinishedAt'][11:23]}–{k['lastFinishedAt'][11:23]}" for k in x["byKind"])
    passes = ", ".join(f"{c['at'][11:23]} {c['claimed']}" for c in x["claimPasses"])
    calls = ", ".join(f"{k} {v}" for k, v in x["platformCallsDuringRecovery"].items())
    details.append(f"""- **workers {w}** (load average before: {load.get(f'recovery-w{w}', '?')}): {r['runs']} runs accepted in
  {r['acceptSeconds']:.0f} s (4 client threads), killed {r['pileUpSeconds']:.0f} s after the first POST. At the kill: sagas {st_};
  latest step of each saga: {steps_}; publications {pub} (PUBLISHING = in doubt: the POST may or may not have
  reached the platform). Recovery passes that claimed sagas (UTC, claimed): {passes}; healthy at {x['healthyAt'][11:23]},
  first saga finished {x['firstFinishedAfterHealthySeconds']:.2f} s after healthy; {kinds}. Platform calls during
  recovery (incl. the dead hub's POSTs released by the stub): {calls}; compensation attempts that failed (sum of
  saga_step.attempts): {x['compensationAttemptsFailed']}; live posts left: {x['livePostsAfter']}.""")
ok_a = per <= 2.0
best = min((r["recovery"]["healthyToAllFinishedSeconds"] for _, r in rec if r), default=None)
default = next((r for w, r in rec if w == "8" and r), None)
ok_b = default is not None and default["recovery"]["healthyToAllFinishedSeconds"] <= 10 and default["recovery"]["finished"] == int(runs)
section = f"""## Viralization saga (issue 6)

Command: `{cmd}`, run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}),
{java}, PostgreSQL {p['commit'].get('pgVersion', '?')} on the same machine (`synchronous_commit=on`, `fsync=on`), database
`hub_bench_saga` reset before each part; the whole script took {int(elapsed) // 60} min {int(elapsed) % 60} s. Load
average (1/5/15 min) before each part: {'; '.join(f'{k} {v}' for k, v in load.items())}. The machine is shared; both
sides of (a) are interleaved in one process, which keeps the difference fair, not the absolute figures.

**(a) Per-step overhead**, in-process (`SpringApplication`, profiles `services,test`, `hub.bus.transport=local`, a
bench `RouteBuilder` added as an extra source class, never in the app). A = `direct:bench-plain` calling {n} step
routes that each set a variable and run the same small processor; B = `direct:bench-saga`, a saga
(`REQUIRES_NEW`, `MANUAL`) calling {n} step routes that each join it (`MANDATORY`, option `sagaStep`, compensation
`direct:bench-noop`), run the same processor, then the pipeline's checkpoint `SagaControl.stepDone`, and finally
`saga:complete`. One thread, `ProducerTemplate`, {int(warm):,} warm-up iterations of each, then {int(iters):,} A/B
pairs, the side going first alternating. Latency per iteration, ms:

| side | p50 | p90 | p99 | mean |
|---|---|---|---|---|
{row("A plain routes", p["plain"])}
{row("B saga on the persistent service (`hub.saga.mode=persistent`)", p["saga"])}
{mem}

Overhead per step at p50 = (B − A) / {n} = **{per:.2f} ms** (target ≤ 2 ms: **{met(ok_a)}**); at p90
{p['overheadPerStepP90Ms']:.2f} ms, at p99 {p['overheadPerStepP99Ms']:.2f} ms.{f" Camel's in-memory service: {(m['saga']['p50'] - m['plain']['p50']) / n:.3f} ms per step at p50." if m else ""}
What B adds to A, per saga: newSaga (1 INSERT) + {n + 1} × beginStep ({n} steps and the saga route's own step;
{p['sagaRows']['steps']:,} step rows for {p['sagaRows']['sagas']:,} sagas) + {n} × checkpoint (1 UPDATE) + complete
(RUNNING→COMPLETING, then on a `saga-worker` thread, which `saga:complete` waits for: select saga, select steps,
COMPLETING→COMPLETED): {2 * n + 6} statements, each its own transaction; all but the checkpoints wait for their WAL flush (a checkpoint commits with
synchronous_commit off: recovery does not depend on it). Each statement timed on
its own through `SagaStore` (same process, 1,000 sagas of {n} steps after 200 warm-up), ms:

| statement | p50 | p90 | p99 |
|---|---|---|---|
{srows}

Sum of the statements' p50 for one saga ({n + 1} step begins): {inside + st['stepBegin']['p50']:.1f} ms, against
{p['saga']['p50'] - p['plain']['p50']:.1f} ms B − A at p50. The statements were timed after the A/B loop, not at
the same moment, so on this shared machine the table shows what each statement costs, not an exact decomposition of
B − A. A step costs two commits (beginStep, flushed, and the checkpoint, not waited for); a bare one-row UPDATE commits in
{p['commit']['p50']:.2f} ms at p50 here.

**(b) Recovery of {int(runs):,} in-flight sagas after SIGKILL.** The packaged jar (`HubProcess`, profiles
`services,test`, local bus, `--hub.saga.lease=3s --hub.saga.recovery-interval=250ms
--hub.pipelines.viralization.workers={run_workers} --hub.publish.timeout-millis=600000`), both publish platforms
pointed at `PublishPlatformStub` holding every request; {int(runs):,} runs started through
`POST /api/v1/pipelines/viralization/runs`; the hub killed (SIGKILL) once the runs the workers hold had reached the
publish step (or stopped moving for 8 s); stub delay set to 0; the jar started again with the same arguments. Times
in seconds; "lease end → healthy" is how long before the restarted hub was healthy the last lease had already expired,
so the 3 s lease was never waited for (startup is longer).

| hub.saga.workers | restart → healthy | lease end → healthy | healthy → all {int(runs):,} finished | first → last saga finished (DB clock) | kill → all finished | finished | compensations / steps compensated > 1 / posts deleted twice |
|---|---|---|---|---|---|---|---|
{chr(10).join(rrows)}

{chr(10).join(details)}

Recovery of {int(runs):,} sagas within 10 s of the restarted hub being healthy, default 8 workers: **{met(ok_b)}**
({default['recovery']['healthyToAllFinishedSeconds']:.2f} s{'' if default is None else ''}). Kill to all finished is dominated by the jar's start on this machine.
"""
path = "BENCHMARKS.md"
text = open(path).read()
text = re.sub(r"\n*## Viralization saga \(issue 6\).*?(?=\n## |\Z)", "", text, flags=re.S).rstrip() + "\n\n" + section
open(path, "w").write(text)
print(f"(a) {per:.2f} ms per step at p50; (b) " + ", ".join(
    f"workers {w}: {r['recovery']['healthyToAllFinishedSeconds']:.2f} s" for w, r in rec if r))
PY
echo "BENCHMARKS.md updated"
