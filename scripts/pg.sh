#!/usr/bin/env bash
# Manages a project-local PostgreSQL 15 cluster, as root (through the postgres user) or as yourself.
#   scripts/pg.sh start DIR PORT    initdb when DIR holds no cluster, then start it (ok if running)
#   scripts/pg.sh stop DIR          fast shutdown (ok if not running)
#   scripts/pg.sh status DIR        pg_ctl status
#   scripts/pg.sh createdb PORT NAME  create database NAME unless it exists
# The cluster listens on 127.0.0.1 only; its socket is in DIR/sock (none when that path is too long
# for a socket) and its log is DIR/server.log.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin

die() { echo "pg.sh: $*" >&2; exit 1; }
usage() { die "usage: pg.sh start DIR PORT | stop DIR | status DIR | createdb PORT NAME"; }

# initdb and pg_ctl refuse to run as root: run them as postgres then (from /, which it can read).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

running() { as_owner "$PGBIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

init_cluster() {
  local dir=$1
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres user: run scripts/setup.sh first"
    install -d -o postgres -g postgres -m 700 "$dir"
    runuser -u postgres -- test -x "$(dirname "$dir")" ||
      die "user postgres cannot reach $dir (a parent directory is not traversable)"
  else
    install -d -m 700 "$dir"
  fi
  [ -z "$(ls -A "$dir")" ] || die "$dir is neither empty nor a PostgreSQL cluster"
  as_owner "$PGBIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-instructions >/dev/null
  # Durable acknowledgments need synchronous_commit and fsync on; both are stated, not assumed.
  as_owner tee -a "$dir/postgresql.conf" >/dev/null <<'EOF'

# centralita (scripts/pg.sh)
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 256MB
synchronous_commit = on
fsync = on
EOF
}

start() {
  local dir port
  dir=$(realpath -m "$1")
  port=$2
  [[ "$port" =~ ^[0-9]+$ ]] || die "bad port: $port"
  if running "$dir"; then
    echo "pg.sh: already running ($dir, port $(sed -n 4p "$dir/postmaster.pid"))"
    return 0
  fi
  [ -f "$dir/PG_VERSION" ] || init_cluster "$dir"
  # Clients connect over TCP; the Unix socket is a convenience that a deep path can't hold.
  local sock="$dir/sock"
  if [ ${#sock} -gt 90 ]; then sock=""; else as_owner install -d -m 700 "$sock"; fi
  as_owner "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -s \
    -o "-p $port -k '$sock'" start || die "start failed; see $dir/server.log"
  echo "pg.sh: running ($dir, port $port)"
}

stop() {
  local dir
  dir=$(realpath -m "$1")
  if ! running "$dir"; then
    echo "pg.sh: not running ($dir)"
    return 0
  fi
  as_owner "$PGBIN/pg_ctl" -D "$dir" -m fast -w -s stop
  echo "pg.sh: stopped ($dir)"
}

createdb() {
  local port=$1 name=$2
  # \gexec runs the CREATE only when the database is missing, so a second call is a no-op.
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -v name="$name" -h 127.0.0.1 -p "$port" -U postgres \
    -d postgres >/dev/null <<'EOF'
SELECT format('CREATE DATABASE %I', :'name')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
EOF
}

case "${1:-}" in
  start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  status) [ $# -eq 2 ] || usage; as_owner "$PGBIN/pg_ctl" -D "$(realpath -m "$2")" status ;;
  createdb) [ $# -eq 3 ] || usage; createdb "$2" "$3" ;;
  *) usage ;;
esac
