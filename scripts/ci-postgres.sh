#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster and a fresh `registry` database for the registry's tests, and prints
# the variables that point the tests at it (eval "$(scripts/ci-postgres.sh)"). When no cluster can
# be started, prints nothing: the tests then start a private server from the same binaries.
set -uo pipefail
command -v pg_lsclusters >/dev/null 2>&1 || exit 0
read -r version cluster _ < <(pg_lsclusters -h 2>/dev/null | head -1) || exit 0
[ -n "${version:-}" ] || exit 0
pg_ctlcluster "$version" "$cluster" start >/dev/null 2>&1 || pg_lsclusters -h | grep -q online || exit 0
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $3}')
psql_as_postgres() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(psql_as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname='registry'")" != 1 ]; then
  psql_as_postgres -c "CREATE USER registry PASSWORD 'registry'" >/dev/null || exit 0
fi
# A fresh database every time: the tests expect an empty schema for Flyway to migrate.
psql_as_postgres -c "DROP DATABASE IF EXISTS registry" >/dev/null || exit 0
psql_as_postgres -c "CREATE DATABASE registry OWNER registry" >/dev/null || exit 0
echo "export REGISTRY_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$port/registry"
echo "export REGISTRY_TEST_POSTGRES_USER=registry REGISTRY_TEST_POSTGRES_PASSWORD=registry"
