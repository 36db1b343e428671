#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (the `fuzz` preset: clang, ASan, UBSan) and runs them.
#   scripts/fuzz.sh                    every target for 30 seconds, one after the other
#   scripts/fuzz.sh TARGET [SECONDS]   one target (e.g. builderbot_webhook), 60 seconds by default
#   scripts/fuzz.sh merge [TARGET]     adds what the runs found that adds coverage to fuzz/corpus/
# Runs start from fuzz/corpus/<target> and keep their finds in build/fuzz/corpus/<target>;
# crashes, leaks and UB go to build/fuzz/artifacts/<target>/. Prints executions and coverage per
# target and exits 1 when a target found something.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang and its sanitizer and libFuzzer runtimes (Debian 12).
# shellcheck source=scripts/lib/apt_packages.sh
. scripts/lib/apt_packages.sh
install_missing fuzz clang libclang-rt-14-dev

[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/tests/ubsan.supp"

all_targets() {
  for f in fuzz/*_fuzz.cpp; do
    f=${f#fuzz/}
    echo "${f%_fuzz.cpp}"
  done
}

check_target() {
  [ -x "build/fuzz/fuzz/$1_fuzz" ] || {
    echo "fuzz: no target $1; one of: $(all_targets | tr '\n' ' ')" >&2
    exit 2
  }
}

# The JSON token dictionary helps the targets that read JSON bodies.
dict_args() {
  case "$1" in
    *_webhook | api_json_body | json_parse) echo "-dict=fuzz/json.dict" ;;
  esac
}

# run TARGET SECONDS: one libFuzzer run; prints a summary line; returns 1 on a finding.
run() {
  local t=$1 secs=$2 status=0
  local work=build/fuzz/corpus/$t artifacts=build/fuzz/artifacts/$t log=build/fuzz/logs/$t.log
  mkdir -p "$work" "$artifacts" build/fuzz/logs
  # shellcheck disable=SC2046
  "build/fuzz/fuzz/${t}_fuzz" -max_total_time="$secs" -max_len=16384 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" $(dict_args "$t") \
    "$work" "fuzz/corpus/$t" >"$log" 2>&1 || status=$?
  local execs last
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  printf '%-24s %11s execs  cov %5s  ft %6s  %s\n' "$t" "${execs:-?}" \
    "$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")" \
    "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")" \
    "$( ((status == 0)) && echo ok || echo "FOUND: see $log")"
  return $((status != 0))
}

# merge TARGET: adds to fuzz/corpus/<target> the finds that reach code its inputs do not. Edges
# only (no hit counts), so that the committed corpus stays small.
merge() {
  local t=$1
  mkdir -p "build/fuzz/corpus/$t"
  "build/fuzz/fuzz/${t}_fuzz" -merge=1 -use_counters=0 -max_len=16384 "fuzz/corpus/$t" \
    "build/fuzz/corpus/$t" >"build/fuzz/logs/$t.merge.log" 2>&1
  echo "$t: $(ls "fuzz/corpus/$t" | wc -l) inputs, $(cat "fuzz/corpus/$t"/* | wc -c) bytes"
}

found=0
if [ "${1:-}" = merge ]; then
  if [ -n "${2:-}" ]; then check_target "$2"; fi
  for t in ${2:-$(all_targets)}; do merge "$t"; done
elif [ -n "${1:-}" ]; then
  check_target "$1"
  run "$1" "${2:-60}" || found=1
else
  for t in $(all_targets); do run "$t" 30 || found=1; done
fi
exit "$found"
