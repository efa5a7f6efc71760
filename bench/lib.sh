# Shared by the bench scripts (source it): starts the hub jar with profiles services,bench on an empty database
# (HUB_BENCH_DB, default hub_bench; another database lets two benchmarks share a PostgreSQL server) on port BENCH_PORT
# (default 18080) and waits until it is ready. Sets HUB_PID and BASE; stops the hub when the calling script exits.
# Usage: start_hub <log-file> [extra environment assignments...]
start_hub() {
  local log=$1; shift
  PORT=${BENCH_PORT:-18080}
  BASE="http://127.0.0.1:$PORT"
  bash scripts/services.sh
  # a process already listening there would answer the readiness probe and be measured instead of this hub
  ! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null \
    || { echo "port $PORT is already in use (another hub?); free it or set BENCH_PORT" >&2; exit 1; }
  # BENCH_SKIP_BUILD=1: the calling script has just built the jar
  [ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests package
  local jar
  jar=$(ls target/agent-hub-*.jar | grep -v original | head -1)
  # a clean database per run (hub_bench is created by scripts/services.sh; another HUB_BENCH_DB must exist already):
  # the admin comes from HUB_ADMIN_PASSWORD
  local db=${HUB_BENCH_DB:-hub_bench}
  export HUB_ADMIN_PASSWORD="bench-$(date +%s)-$RANDOM"
  export HUB_DB_PASSWORD=${HUB_DB_PASSWORD:-hub}
  export HUB_DB_URL=jdbc:postgresql://127.0.0.1:5432/$db
  export PGPASSWORD=$HUB_DB_PASSWORD
  psql -q -h 127.0.0.1 -U hub -d "$db" -c 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;' 2>/dev/null
  env "$@" java -jar "$jar" --spring.profiles.active=services,bench --server.port="$PORT" > "$log" 2>&1 &
  HUB_PID=$!
  # bench_cleanup, when the calling script defines it, runs after the hub has stopped (its queues, files...)
  trap 'kill $HUB_PID 2>/dev/null || true; wait $HUB_PID 2>/dev/null || true
    [ "$(type -t bench_cleanup)" != function ] || bench_cleanup' EXIT
  # BENCH_READY_SECONDS: how long to wait for readiness (default 90; the smoke modes allow more on a loaded machine)
  for _ in $(seq 1 "${BENCH_READY_SECONDS:-90}"); do
    curl -fs "$BASE/actuator/health/readiness" >/dev/null 2>&1 && return 0
    kill -0 $HUB_PID 2>/dev/null || { echo "hub exited; see $log" >&2; exit 1; }
    sleep 1
  done
  echo "hub not ready after ${BENCH_READY_SECONDS:-90} s; see $log" >&2
  exit 1
}

# Sets and exports HUB_TOKEN: an access token of the hub's admin (started by start_hub); exits when none comes back.
admin_token() {
  HUB_TOKEN=$(curl -fs "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"password\",\"username\":\"admin\",\"password\":\"$HUB_ADMIN_PASSWORD\"}" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  export HUB_TOKEN
  [ -n "$HUB_TOKEN" ] && [ "${HUB_TOKEN#\{}" = "$HUB_TOKEN" ] || { echo "no admin token from $BASE" >&2; exit 1; }
}
