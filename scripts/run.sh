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

if [ -z "${JWT_SECRET:-}" ]; then
  if [ ! -s var/jwt_secret ]; then
    mkdir -p var
    (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >var/jwt_secret)
  fi
  JWT_SECRET=$(cat var/jwt_secret)
  export JWT_SECRET
fi

# The key that seals the channel accounts' secrets: keep var/secret_key, or they cannot be read.
if [ -z "${CENTRALITA_SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    mkdir -p var
    (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >var/secret_key)
  fi
  CENTRALITA_SECRET_KEY=$(cat var/secret_key)
  export CENTRALITA_SECRET_KEY
fi

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
