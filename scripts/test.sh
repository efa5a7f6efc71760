#!/usr/bin/env bash
# The hub's test command (README): start the local services, then build and run unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
exec ./mvnw -B verify "$@"
