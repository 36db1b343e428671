#!/usr/bin/env bash
# The cost of one message (README, "Cost per message"): each run is a fresh database and server
# on a throwaway PostgreSQL and `centralita-bench ingest` with the realistic mix at a fixed rate,
# one JSON line per run with the acknowledgment and decision percentiles, whether processing
# kept up (every message decided, acknowledgment to decision p99 within 1 s) and the cost per
# processed message (CPU of the node and of PostgreSQL, WAL records and bytes).
# With rates given it runs those; without, it steps up from 100/s by 100 and prints the highest
# rate that kept up (the sustainable rate).
# Usage: scripts/bench_cost.sh [--duration S] [--bin DIR] [RATE...]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=60
bin=build/release
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    *) break ;;
  esac
done
rates=("$@")

# shellcheck source=scripts/lib/bench_common.sh
. scripts/lib/bench_common.sh
# The bench tool is always this tree's; --bin only chooses the server it drives.
build_bench_tools bench_cost
port=$(free_port 55489)
start_throwaway_pg cost "$port"

# run RATE: one JSON line on stdout.
run() {
  local db="cost_$1_$RANDOM"
  scripts/pg.sh createdb "$port" "$db" >/dev/null
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/$db"
  "$bin/centralita" migrate >/dev/null 2>&1
  "$bin/centralita" seed >/dev/null 2>&1
  CENTRALITA_API_PORT=18180 CENTRALITA_GATEWAY_PORT=18181 LOG_LEVEL=warn \
    "$bin/centralita" serve >"$pgdir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs http://127.0.0.1:18180/readyz >/dev/null 2>&1 && break; sleep 0.1; done
  build/release/centralita-bench ingest --url http://127.0.0.1:18181 --connections 32 \
    --rate "$1" --duration "$duration" --database-url "$DATABASE_URL" --server-pid "$server" \
    2>/dev/null || true
  kill "$server" && wait "$server" 2>/dev/null || true
  server=
}

if [ ${#rates[@]} -gt 0 ]; then
  for rate in "${rates[@]}"; do run "$rate"; done
  exit 0
fi
sustainable=0
for rate in $(seq 100 100 5000); do
  line=$(run "$rate")
  echo "$line"
  case $line in *'"keeps_up":true'*) sustainable=$rate ;; *) break ;; esac
done
echo "sustainable rate: $sustainable webhooks/s (every message decided, p99 within 1 s, for $duration s)"
