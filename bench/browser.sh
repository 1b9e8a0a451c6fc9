#!/usr/bin/env bash
# Browser benchmark: this SDK against the real @cloudbase/js-sdk 3.7.0 in one headless Chromium
# run, against the same emulator; prints a markdown table (bench/README.md explains each row).
#   bench/browser.sh              builds pkg/ if missing, starts its own emulator on port 8790
#   N=30 CALLS=500 PAIRS=100 bench/browser.sh
# Not a test: it measures, and fails only when a flow fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
[ -x node_modules/.bin/esbuild ] && [ -d node_modules/@cloudbase/js-sdk ] || npm ci --no-audit --no-fund
[ -f pkg/index.js ] || scripts/build-pkg.sh >&2
export EMULATOR_PORT="${BENCH_EMULATOR_PORT:-8790}"
export EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
scripts/emulator.sh start >&2
trap 'scripts/emulator.sh stop >/dev/null 2>&1' EXIT
node bench/browser/run.mjs
