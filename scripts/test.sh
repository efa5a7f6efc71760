#!/usr/bin/env bash
# The hub's test command (README): start the local services, build and run unit and integration tests, then run
# each benchmark that has a smoke mode for a few seconds, so a benchmark that breaks fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
./mvnw -B verify "$@"
echo "[test] benchmark smoke runs"
SMOKE_START=$(date +%s)
SMOKE=1 SKIP_BUILD=1 bash bench/security.sh
for bench in pii ingress bus agents vector saga reload console retrieval trends; do
  started=$(date +%s)
  SMOKE=1 SKIP_BUILD=1 bash "bench/$bench.sh"
  echo "[test] bench/$bench.sh smoke: $(( $(date +%s) - started )) s"
done
echo "[test] benchmark smoke runs: $(( $(date +%s) - SMOKE_START )) s"
