#!/usr/bin/env bash
# The soak of the README: a release server on a throwaway PostgreSQL (fsync and
# synchronous_commit on), fresh migrated and seeded database, then `centralita-bench soak`
# against it for the given minutes; the samples go to stderr, the report (one JSON line) to
# stdout. Usage: scripts/soak.sh [minutes] [more soak flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
shift || true

# shellcheck source=scripts/lib/bench_common.sh
. scripts/lib/bench_common.sh
build_bench_tools soak
pg_port=$(free_port 55589)
start_throwaway_pg soak "$pg_port"
scripts/pg.sh createdb "$pg_port" soak >/dev/null
export DATABASE_URL="postgresql://postgres@127.0.0.1:$pg_port/soak"
build/release/centralita migrate >/dev/null 2>&1
build/release/centralita seed >/dev/null 2>&1

api_port=$(free_port 18280)
gateway_port=$(free_port $((api_port + 1)))
CENTRALITA_API_PORT=$api_port CENTRALITA_GATEWAY_PORT=$gateway_port LOG_LEVEL=warn \
  build/release/centralita serve >"$pgdir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$api_port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
status=0
build/release/centralita-bench soak --api-url "http://127.0.0.1:$api_port" \
  --gateway-url "http://127.0.0.1:$gateway_port" --database-url "$DATABASE_URL" \
  --pid "$server" --minutes "$minutes" "$@" || status=$?
kill "$server" && wait "$server" 2>/dev/null || true
server=
exit "$status"
