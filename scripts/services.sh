#!/usr/bin/env bash
# Installs (apt-get, when missing) and starts the services the hub's tests and the "services" profile use:
# PostgreSQL, Redis and RabbitMQ on localhost; creates the database user "hub" with databases hub, hub_test,
# hub_test_saga and hub_test_crash (the saga tests run hubs of their own), hub_test_audit (the audit chain's
# tamper tests rewrite its log),
# hub_test_llm (the LLM port tests run a second hub of their own), hub_bench, hub_bench_saga, hub_bench_routes and hub_bench_console.
# Also installs what the browser tests need: Debian's Chromium, Node.js and src/test/browser's npm packages.
# Idempotent: running it again with everything up changes nothing. Fails with a clear message when it cannot.
set -euo pipefail

PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
RABBIT_PORT=${RABBIT_PORT:-5672}
HUB_DB_USER=${HUB_DB_USER:-hub}
HUB_DB_PASSWORD=${HUB_DB_PASSWORD:-hub}

log() { echo "[services] $*"; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"
  else sudo -u postgres sh -c "$*"; fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # name port seconds
  for _ in $(seq 1 "$3"); do port_open "$2" && return 0; sleep 1; done
  die "$1 did not open port $2 within $3 s"
}

APT_UPDATED=0
install_pkgs() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get: install them by hand"
  if [ $APT_UPDATED = 0 ]; then as_root apt-get update -qq || die "apt-get update failed"; APT_UPDATED=1; fi
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------
if ! port_open "$PG_PORT"; then
  install_pkgs postgresql
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  [ -n "$version" ] || die "PostgreSQL is installed but has no cluster under /etc/postgresql"
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root service postgresql start \
    || die "could not start PostgreSQL"
  wait_port PostgreSQL "$PG_PORT" 30
fi
psql_admin() { as_postgres "psql -v ON_ERROR_STOP=1 -qtA -p $PG_PORT -c \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$HUB_DB_USER'")" != 1 ]; then
  log "creating database user $HUB_DB_USER"
  psql_admin "CREATE ROLE $HUB_DB_USER LOGIN PASSWORD '$HUB_DB_PASSWORD'"
fi
for db in hub hub_test hub_test_llm hub_test_saga hub_test_crash hub_test_audit hub_bench hub_bench_saga hub_bench_audit hub_bench_routes hub_bench_console; do
  if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    log "creating database $db"
    psql_admin "CREATE DATABASE $db OWNER $HUB_DB_USER"
  fi
done
log "PostgreSQL ready on 127.0.0.1:$PG_PORT (databases hub, hub_test, hub_test_llm, hub_test_saga, hub_test_crash, hub_test_audit, hub_bench, hub_bench_saga, hub_bench_audit, hub_bench_routes, hub_bench_console; user $HUB_DB_USER)"

# --- Redis ----------------------------------------------------------------------------------------------------
if ! port_open "$REDIS_PORT"; then
  install_pkgs redis-server
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/hub.log || die "could not start Redis"
  wait_port Redis "$REDIS_PORT" 15
fi
log "Redis ready on 127.0.0.1:$REDIS_PORT"

# --- RabbitMQ -------------------------------------------------------------------------------------------------
if ! port_open "$RABBIT_PORT"; then
  install_pkgs rabbitmq-server
  log "starting RabbitMQ"
  as_root rabbitmq-server -detached || as_root service rabbitmq-server start || die "could not start RabbitMQ"
  wait_port RabbitMQ "$RABBIT_PORT" 90
fi
# the management API (port 15672) gives the unacknowledged count of GET /api/v1/admin/agents
RABBIT_MGMT_PORT=${RABBIT_MGMT_PORT:-15672}
if ! port_open "$RABBIT_MGMT_PORT"; then
  log "enabling RabbitMQ's management plugin"
  as_root rabbitmq-plugins enable rabbitmq_management >/dev/null || die "could not enable rabbitmq_management"
  wait_port "RabbitMQ management" "$RABBIT_MGMT_PORT" 60
fi
log "RabbitMQ ready on 127.0.0.1:$RABBIT_PORT (management API on $RABBIT_MGMT_PORT)"

# --- Browser tests (ConsoleBrowserIT): Debian's Chromium, Node.js and the pinned playwright-core -------------
# Playwright never downloads a browser here: the script drives /usr/bin/chromium.
install_pkgs chromium
[ -x /usr/bin/chromium ] || die "package chromium is installed but /usr/bin/chromium is missing"
command -v node >/dev/null 2>&1 || install_pkgs nodejs npm
command -v npm >/dev/null 2>&1 || install_pkgs npm
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || die "Node.js 20 or later is needed by playwright-core (found $(node --version 2>/dev/null || echo none)): install a newer nodejs"
browser_dir="$(cd "$(dirname "$0")/.." && pwd)/src/test/browser"
# npm ci only when node_modules does not already hold the locked playwright-core (idempotent)
if ! (cd "$browser_dir" && node -e 'const lock = require("./package-lock.json").packages["node_modules/playwright-core"].version;
    process.exit(require("./node_modules/playwright-core/package.json").version === lock ? 0 : 1)' 2>/dev/null); then
  log "installing the browser tests' npm packages (npm ci in src/test/browser)"
  (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci in $browser_dir failed"
fi
log "Browser tests ready: $(/usr/bin/chromium --version 2>/dev/null), Node.js $(node --version), playwright-core $(cd "$browser_dir" && node -p 'require("playwright-core/package.json").version')"
