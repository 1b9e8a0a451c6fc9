#!/usr/bin/env bash
# CPU profile of signInWithPassword in headless Chromium (bench/browser/profile-signin.mjs):
# the functions with the most main-thread self time per sign-in. Starts its own emulator on
# port 8791 (BENCH_EMULATOR_PORT), in memory; builds pkg/ if missing.
#   bench/browser/profile-signin.sh
#   PAGE=cloudbase N=500 BENCH_EMULATOR_PORT=8975 bench/browser/profile-signin.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
[ -x node_modules/.bin/esbuild ] && [ -d node_modules/@cloudbase/js-sdk ] || npm ci --no-audit --no-fund
[ -f pkg/index.js ] || scripts/build-pkg.sh >&2
export EMULATOR_PORT="${BENCH_EMULATOR_PORT:-8791}"
export EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
export EMULATOR_DB=":memory:"
export EMULATOR_FLAGS="${EMULATOR_FLAGS:---wrong-passwords-per-minute 1000000}"
scripts/emulator.sh start >&2
trap 'scripts/emulator.sh stop >/dev/null 2>&1' EXIT
node bench/browser/profile-signin.mjs
