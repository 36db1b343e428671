#!/usr/bin/env bash
# Installs, builds the release preset, starts a throwaway PostgreSQL and runs every test with ctest.
# Extra arguments go to ctest (e.g. `scripts/test.sh -R testkit`). Exits with ctest's status.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
[ -f build/release/CMakeCache.txt ] || cmake --preset release
cmake --build --preset release

# A port nobody listens on, from 55499 up.
port=55499
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/centralita-test-pg.XXXXXX")
chmod 755 "$pgdir" # the postgres user must reach the cluster inside
cleanup() {
  scripts/pg.sh stop "$pgdir/data" >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

scripts/pg.sh start "$pgdir/data" "$port"
export CENTRALITA_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"

status=0
ctest --preset release "$@" || status=$?
exit "$status"
