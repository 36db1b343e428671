# shellcheck shell=bash
# Shared by scripts/bench.sh and scripts/soak.sh (sourced, run from the repository root): the
# release build of the server and the bench tool, and a throwaway PostgreSQL for one run and the
# server the run starts ($server), both gone when the script exits.

# build_bench_tools WHO: installs what is missing and builds the release server and bench tool;
# exits naming WHO when the build fails.
build_bench_tools() {
  scripts/setup.sh >/dev/null
  [ -f build/release/CMakeCache.txt ] || cmake --preset release >/dev/null 2>&1
  cmake --build --preset release --target centralita centralita-bench >/dev/null 2>&1 \
    || { echo "$1: the release build failed (cmake --build --preset release)" >&2; exit 1; }
}

# free_port FROM: the first port from FROM on that nothing listens on.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# start_throwaway_pg NAME PORT: a new cluster in a temporary directory, $pgdir.
start_throwaway_pg() {
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/centralita-$1-pg.XXXXXX")
  chmod 755 "$pgdir" # the postgres user must reach the cluster inside
  server=
  trap stop_throwaway_pg EXIT
  scripts/pg.sh start "$pgdir/data" "$2" >/dev/null
}

stop_throwaway_pg() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  scripts/pg.sh stop "$pgdir/data" >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
