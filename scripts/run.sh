#!/usr/bin/env bash
# Builds and serves Centralita on this machine: installs packages, builds the release preset, starts a
# project-local PostgreSQL under var/pg (unless DATABASE_URL is set), migrates, seeds, and serves.
# Ctrl-C stops the server; the database keeps running for the next run (scripts/pg.sh stop var/pg).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
[ -f build/release/CMakeCache.txt ] || cmake --preset release
cmake --build --preset release

if [ -z "${DATABASE_URL:-}" ]; then
  scripts/pg.sh start var/pg 55432
  scripts/pg.sh createdb 55432 centralita
  export DATABASE_URL="postgresql://postgres@127.0.0.1:55432/centralita"
fi

# load_secret NAME FILE: NAME from the environment, else from FILE, made once (32 random bytes
# as hex, readable by the owner only) and kept.
load_secret() {
  local name=$1 file=$2
  [ -n "${!name:-}" ] && return 0
  if [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$file")
  fi
  export "$name=$(cat "$file")"
}

load_secret JWT_SECRET var/jwt_secret
# The key that seals the channel accounts' secrets: keep var/secret_key, or they cannot be read.
load_secret CENTRALITA_SECRET_KEY var/secret_key

build/release/centralita migrate
build/release/centralita seed

api_port=${CENTRALITA_API_PORT:-8080}
gateway_port=${CENTRALITA_GATEWAY_PORT:-8081}
cat <<INFO

  Dashboard + API  http://localhost:$api_port
  Webhooks         http://localhost:$gateway_port/webhooks/builderbot/whatsapp
  Demo logins      agent@demo.com, supervisor@demo.com, admin@admin.com (password admin123)

  Ctrl-C stops the server; PostgreSQL keeps running (stop it with: scripts/pg.sh stop var/pg)

INFO
exec build/release/centralita serve
