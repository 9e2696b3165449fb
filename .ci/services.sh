#!/usr/bin/env bash
# Starts the services the gateway tests use: PostgreSQL and Redis on loopback, from Debian's packages; installs
# Debian's chromium for the browser test of the plan report.
# Idempotent: installs only what is missing, starts only what is down, and is quick when both already run.
# Tests read AIPLAT_TEST_POSTGRES_URL (default postgres://aiplat:aiplat@127.0.0.1:5432/aiplat_test)
# and AIPLAT_TEST_REDIS_URL (default redis://127.0.0.1:6379); this script exports nothing.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# Headless Chromium for the HTML plan report test (playwright-core drives Debian's build; never a browser download).
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ "${#need[@]}" -gt 0 ]; then
  echo "services.sh: installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# --- Redis ---------------------------------------------------------------------------------------
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "services.sh: redis already running on 127.0.0.1:6379"
else
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "services.sh: redis started on 127.0.0.1:6379"
fi

# --- PostgreSQL ----------------------------------------------------------------------------------
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_lsclusters >/dev/null 2>&1; then
    read -r ver name <<<"$(pg_lsclusters -h | awk 'NR==1 {print $1, $2}')"
    if [ -z "${ver:-}" ]; then
      ver="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
      name=main
      $SUDO pg_createcluster "$ver" "$name" >/dev/null
    fi
    $SUDO pg_ctlcluster "$ver" "$name" start
  else
    echo "services.sh: pg_ctlcluster not found; start PostgreSQL yourself" >&2
    exit 1
  fi
  for _ in $(seq 1 100); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.1; done
  echo "services.sh: postgresql started on 127.0.0.1:5432"
else
  echo "services.sh: postgresql already running on 127.0.0.1:5432"
fi

psql_admin() { (cd / && $SUDO -u postgres psql -v ON_ERROR_STOP=1 -qtA "$@"); }
if [ "$(id -u)" -eq 0 ]; then psql_admin() { (cd / && su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $(printf '%q ' "$@")"); }; fi

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'aiplat'")" != "1" ]; then
  psql_admin -c "CREATE ROLE aiplat LOGIN PASSWORD 'aiplat'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'aiplat_test'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE aiplat_test OWNER aiplat"
fi
echo "services.sh: postgres://aiplat:***@127.0.0.1:5432/aiplat_test ready"
