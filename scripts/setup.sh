#!/usr/bin/env bash
# Installs the system packages that the build, the server and the tests need (Debian 12).
# Idempotent and quick when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache git curl ca-certificates python3
  libcaf-dev libboost1.81-dev libpq-dev postgresql-15 rapidjson-dev
  libfaiss-dev libopenblas0-openmp catch2 libssl-dev libstemmer-dev libutf8proc-dev
  libcli11-dev libspdlog-dev libfmt-dev libsodium-dev
  chromium
  haproxy
)
# Node.js drives the browser tests; Debian's when none is installed.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

# shellcheck source=scripts/lib/apt_packages.sh
. "$(dirname "$0")/lib/apt_packages.sh"
install_missing setup "${packages[@]}"

# The browser tests' driver (playwright-core, no browser download) and the OpenAPI validator,
# from the committed lock file. Without them only those tests fail, so serving (run.sh) still
# works offline.
e2e_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e"
if [ ! -d "$e2e_dir/node_modules/playwright-core" ] ||
  [ ! -d "$e2e_dir/node_modules/@apidevtools/swagger-parser" ]; then
  (cd "$e2e_dir" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "setup: npm ci in tests/e2e failed; the browser tests will fail until it succeeds" >&2
fi
