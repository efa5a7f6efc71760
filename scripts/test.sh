#!/usr/bin/env bash
# The hub's test command (README): start the local services, build and run unit and integration tests, then run
# each benchmark that has a smoke mode for a few seconds, so a benchmark that breaks fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
./mvnw -B verify "$@"
echo "[test] benchmark smoke runs"
SMOKE=1 SKIP_BUILD=1 bash bench/security.sh
