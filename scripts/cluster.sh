#!/usr/bin/env bash
# A local cluster: the project's PostgreSQL (var/pg), N identical nodes on their own ports and
# HAProxy in front of them for the dashboard, the API, its WebSocket and the webhooks, with
# health checks on /readyz (README, "Deployment").
#   scripts/cluster.sh start [N]   builds, migrates, seeds, starts N nodes (default 3) and HAProxy
#   scripts/cluster.sh restart     a rolling restart: one node after the other drains and starts again
#   scripts/cluster.sh stop        stops HAProxy and the nodes (SIGTERM: each drains); PostgreSQL stays
#   scripts/cluster.sh status      what runs, and each node's /readyz
# Node i serves the API on B+2i and the webhooks on B+2i+1 (B = CENTRALITA_NODE_PORT_BASE, 9000);
# HAProxy listens on CENTRALITA_API_PORT (8080) and CENTRALITA_GATEWAY_PORT (8081). With
# DATABASE_URL set that database is used instead of var/pg. State lives in var/cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

state=var/cluster
api_port=${CENTRALITA_API_PORT:-8080}
gateway_port=${CENTRALITA_GATEWAY_PORT:-8081}
die() { echo "cluster.sh: $*" >&2; exit 1; }

base=${CENTRALITA_NODE_PORT_BASE:-9000}
node_api() { echo $((base + 2 * $1)); }
node_gateway() { echo $((base + 1 + 2 * $1)); }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# A secret kept in var/NAME (created once), as scripts/run.sh does.
secret() {
  if [ ! -s "var/$1" ]; then
    mkdir -p var
    (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"var/$1")
  fi
  cat "var/$1"
}

haproxy_config() {
  local n=$1 i
  cat <<CFG
# Written by scripts/cluster.sh.
global
  # Two descriptors per connection: this fits the usual hard limit of 20000 descriptors.
  maxconn 9000
defaults
  mode http
  timeout connect 3s
  timeout client 60s
  timeout server 60s
  # WebSockets stay open: the dashboard pings every 30 s.
  timeout tunnel 1h
  # A node that refuses a connection (it drains or died) gets the request retried on another;
  # only a connection that failed is retried, never a request a node may have taken.
  option redispatch
  retries 3
frontend api
  bind 127.0.0.1:$api_port
  default_backend nodes_api
frontend webhooks
  bind 127.0.0.1:$gateway_port
  default_backend nodes_webhooks
backend nodes_api
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
CFG
  for i in $(seq 1 "$n"); do
    echo "  server node$i 127.0.0.1:$(node_api "$i") check inter 1s fall 1 rise 2"
  done
  cat <<CFG
backend nodes_webhooks
  # One customer's messages go to one node while it is up, so that they are processed in the
  # order they came (docs/architecture.md, "Cluster"); what has no sender goes round robin.
  option http-buffer-request
  http-request set-var(txn.sender) req.body,json_query('$.data.from') if { path_beg /webhooks/builderbot/ }
  http-request set-var(txn.sender) req.body,json_query('$.entry[0].changes[0].value.messages[0].from') if { path_beg /webhooks/whatsapp/ }
  balance hash var(txn.sender)
  hash-type consistent
  option httpchk GET /readyz
  http-check expect status 200
CFG
  # /readyz is served on the API port; the webhook servers are checked there.
  for i in $(seq 1 "$n"); do
    echo "  server node$i 127.0.0.1:$(node_gateway "$i") check port $(node_api "$i") inter 1s fall 1 rise 2"
  done
}

start() {
  local n=${1:-3}
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "N must be 1..99"
  command -v haproxy >/dev/null || die "haproxy is not installed: run scripts/setup.sh"
  scripts/setup.sh
  [ -f build/release/CMakeCache.txt ] || cmake --preset release
  cmake --build --preset release
  mkdir -p "$state"
  if [ -z "${DATABASE_URL:-}" ]; then
    scripts/pg.sh start var/pg 55432
    scripts/pg.sh createdb 55432 centralita
    export DATABASE_URL="postgresql://postgres@127.0.0.1:55432/centralita"
  fi
  JWT_SECRET=$(secret jwt_secret)
  CENTRALITA_SECRET_KEY=$(secret secret_key)
  export JWT_SECRET CENTRALITA_SECRET_KEY
  build/release/centralita migrate
  build/release/centralita seed
  local i
  for i in $(seq 1 "$n"); do
    if alive "$state/node$i.pid"; then echo "node $i already runs"; continue; fi
    mkdir -p "$state/node$i"
    CENTRALITA_API_PORT=$(node_api "$i") CENTRALITA_GATEWAY_PORT=$(node_gateway "$i") \
      CENTRALITA_DATA_DIR="$state/node$i" nohup build/release/centralita serve \
      >"$state/node$i.log" 2>&1 &
    echo $! >"$state/node$i.pid"
  done
  for i in $(seq 1 "$n"); do
    for _ in $(seq 1 100); do
      curl -fsS "http://127.0.0.1:$(node_api "$i")/readyz" >/dev/null 2>&1 && break
      alive "$state/node$i.pid" || die "node $i exited (see $state/node$i.log)"
      sleep 0.2
    done
  done
  echo "$n" >"$state/nodes"
  haproxy_config "$n" >"$state/haproxy.cfg.new"
  haproxy -c -q -f "$state/haproxy.cfg.new" || die "bad HAProxy configuration ($state/haproxy.cfg.new)"
  # A node started again (a rolling restart) leaves HAProxy and its connections alone.
  if ! alive "$state/haproxy.pid" || ! cmp -s "$state/haproxy.cfg.new" "$state/haproxy.cfg"; then
    mv "$state/haproxy.cfg.new" "$state/haproxy.cfg"
    if alive "$state/haproxy.pid"; then kill "$(cat "$state/haproxy.pid")"; sleep 0.5; fi
    haproxy -D -f "$state/haproxy.cfg" -p "$state/haproxy.pid"
  fi
  rm -f "$state/haproxy.cfg.new"
  cat <<INFO

  Open http://localhost:$api_port   ($n nodes behind HAProxy)
  Webhooks  http://localhost:$gateway_port/webhooks/builderbot/whatsapp
  Logs      $state/node*.log        Stop: scripts/cluster.sh stop

INFO
}

stop() {
  if alive "$state/haproxy.pid"; then kill "$(cat "$state/haproxy.pid")"; fi
  rm -f "$state/haproxy.pid"
  local f pids=()
  for f in "$state"/node*.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then kill -TERM "$(cat "$f")"; pids+=("$(cat "$f")"); fi
    rm -f "$f"
  done
  # A node drains within 30 s.
  for _ in $(seq 1 150); do
    local left=0 p
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
    [ "$left" = 0 ] && break
    sleep 0.2
  done
  echo "cluster stopped (PostgreSQL keeps running: scripts/pg.sh stop var/pg)"
}

# A rolling restart: each node in turn drains (SIGTERM) and starts again, the others serving.
restart() {
  local n i f
  n=$(cat "$state/nodes" 2>/dev/null) || die "no cluster runs"
  JWT_SECRET=$(secret jwt_secret)
  CENTRALITA_SECRET_KEY=$(secret secret_key)
  export JWT_SECRET CENTRALITA_SECRET_KEY
  [ -n "${DATABASE_URL:-}" ] || export DATABASE_URL="postgresql://postgres@127.0.0.1:55432/centralita"
  for i in $(seq 1 "$n"); do
    f="$state/node$i.pid"
    if alive "$f"; then
      local pid
      pid=$(cat "$f")
      kill -TERM "$pid"
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    CENTRALITA_API_PORT=$(node_api "$i") CENTRALITA_GATEWAY_PORT=$(node_gateway "$i") \
      CENTRALITA_DATA_DIR="$state/node$i" nohup build/release/centralita serve \
      >>"$state/node$i.log" 2>&1 &
    echo $! >"$f"
    for _ in $(seq 1 100); do
      curl -fsS "http://127.0.0.1:$(node_api "$i")/readyz" >/dev/null 2>&1 && break
      sleep 0.2
    done
    echo "node $i restarted"
    sleep 2  # HAProxy's health check takes it back (rise 2, every second)
  done
}

status() {
  local n f i
  n=$(cat "$state/nodes" 2>/dev/null || echo 0)
  if alive "$state/haproxy.pid"; then echo "haproxy: up on :$api_port and :$gateway_port"; else echo "haproxy: down"; fi
  for i in $(seq 1 "$n"); do
    f="$state/node$i.pid"
    if alive "$f"; then
      echo "node $i: pid $(cat "$f"), API :$(node_api "$i"), /readyz $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(node_api "$i")/readyz")"
    else
      echo "node $i: down"
    fi
  done
}

case "${1:-}" in
  start) start "${2:-3}" ;;
  stop) stop ;;
  restart) restart ;;
  status) status ;;
  *) die "usage: cluster.sh start [N] | restart | stop | status" ;;
esac
