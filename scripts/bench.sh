#!/usr/bin/env bash
# Runs the benchmarks whose figures the README reports, on a throwaway PostgreSQL (fsync and
# synchronous_commit on): webhook ingestion with group commit and with it switched off (one
# transaction per webhook), in one run so that the ratio compares like with like; then the
# memory of 100,000 idle conversation actors; knowledge search; live events to 5,000 dashboard
# sockets; the API's list routes over 100,000 conversations and 1,000,000 messages.
# Usage: scripts/bench.sh [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}

# shellcheck source=scripts/lib/bench_common.sh
. scripts/lib/bench_common.sh
build_bench_tools bench
port=$(free_port 55489)
start_throwaway_pg bench "$port"

# run NAME [ENV=VALUE...]: a fresh database and server, the load of docs/contract.md §Bench,
# one JSON line.
run() {
  local name=$1
  shift
  local db="bench_$name"
  scripts/pg.sh createdb "$port" "$db" >/dev/null
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/$db"
  build/release/centralita migrate >/dev/null 2>&1
  build/release/centralita seed >/dev/null 2>&1
  env CENTRALITA_API_PORT=18180 CENTRALITA_GATEWAY_PORT=18181 LOG_LEVEL=warn "$@" \
    build/release/centralita serve >"$pgdir/server-$name.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs http://127.0.0.1:18180/readyz >/dev/null 2>&1 && break; sleep 0.1; done
  printf '%s ' "$name"
  build/release/centralita-bench ingest --url http://127.0.0.1:18181 \
    --account-key builderbot_whatsapp_main --connections 64 --duration "$duration" \
    --duplicate-ratio 0.1 --database-url "$DATABASE_URL" 2>/dev/null || true
  kill "$server" && wait "$server" 2>/dev/null || true
  server=
}

run group_commit | tee "$pgdir/group.json"
run one_per_webhook CENTRALITA_INGEST_BATCH_MAX=1 | tee "$pgdir/single.json"
rps() { sed -E 's/.*"rps":([0-9.]+).*/\1/' "$1"; }
echo "group commit gain: $(awk -v a="$(rps "$pgdir/group.json")" -v b="$(rps "$pgdir/single.json")" \
  'BEGIN { printf "%.2fx", a / b }') accepted webhooks/s"
printf 'actors '
build/release/centralita-bench actors --count 100000
# Knowledge search: 100,000 chunks in one tenant, the import measured into PostgreSQL.
scripts/pg.sh createdb "$port" bench_search >/dev/null
export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/bench_search"
build/release/centralita migrate >/dev/null 2>&1
build/release/centralita seed >/dev/null 2>&1
printf 'search '
build/release/centralita-bench search --chunks 100000 --database-url "$DATABASE_URL"

# serve NAME: a server on a fresh migrated and seeded database; stop_server stops it.
serve() {
  scripts/pg.sh createdb "$port" "$1" >/dev/null
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/$1"
  build/release/centralita migrate >/dev/null 2>&1
  build/release/centralita seed >/dev/null 2>&1
  CENTRALITA_API_PORT=18180 CENTRALITA_GATEWAY_PORT=18181 LOG_LEVEL=warn \
    build/release/centralita serve >"$pgdir/server-$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs http://127.0.0.1:18180/readyz >/dev/null 2>&1 && break; sleep 0.1; done
}
stop_server() {
  kill "$server" && wait "$server" 2>/dev/null || true
  server=
}
# Live events: 5,000 sockets of the demo tenant, 2,500 webhooks at 167/s, which is 500 live
# events/s (each webhook makes three: message.created, ai.decision, suggestion.created).
serve bench_ws
printf 'ws '
build/release/centralita-bench ws --api-url http://127.0.0.1:18180 \
  --gateway-url http://127.0.0.1:18181 --sockets 5000 --events 2500 --rate 167 2>/dev/null || true
stop_server
# The list routes over 100,000 conversations and 1,000,000 messages of the demo tenant.
serve bench_api
printf 'seed-api '
build/release/centralita-bench seed-api --conversations 100000 --messages 1000000 2>/dev/null
printf 'api '
build/release/centralita-bench api --url http://127.0.0.1:18180 --conversations 100000 \
  2>/dev/null || true
stop_server
