#!/usr/bin/env bash
# Browser benchmark: this SDK against the real @cloudbase/js-sdk 3.7.0 and an empty page in one
# headless Chromium run, against the same emulator; prints a markdown table and the start-up
# profile (bench/README.md explains each row).
#   bench/browser.sh              builds pkg/ if missing, starts its own emulator on port 8790
#   N=40 CALLS=500 PAIRS=1000 BENCH_EMULATOR_PORT=8973 bench/browser.sh
#   bench/browser.sh heap         what each page's JS heap holds instead (bench/browser/heap.mjs)
#   PAGE=cloudbase N=500 bench/browser.sh profile-signin
#                                 a CPU profile of signInWithPassword (bench/browser/profile-signin.mjs)
#   N=20 bench/browser.sh preload  which preload tags: none, the entry alone, the three (bench/browser/preload.mjs)
#   BASE_PKG=/tmp/pkg-before bench/browser.sh ab
#                                 an earlier package against pkg/, sign-in rounds alternated (bench/browser/ab.mjs)
#   N=1000 bench/browser.sh signin-stages
#                                 a sign-in's phases and natives, fetch answered from memory (bench/browser/signin-stages.mjs)
# Not a test: it measures, and fails only when a flow fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
[ -x node_modules/.bin/esbuild ] && [ -d node_modules/@cloudbase/js-sdk ] || npm ci --no-audit --no-fund
[ -f pkg/index.js ] || scripts/build-pkg.sh >&2
export EMULATOR_PORT="${BENCH_EMULATOR_PORT:-8790}"
export EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
# A database file of its own (the runner lightens the sign-in user's password hash in it, see
# bench/README.md), and no per-IP throttles: every request comes from 127.0.0.1.
mkdir -p target/run
export BENCH_DB="$PWD/target/run/bench-browser-$EMULATOR_PORT.sqlite"
export EMULATOR_DB="$BENCH_DB"
export EMULATOR_FLAGS="${EMULATOR_FLAGS:---wrong-passwords-per-minute 1000000 --anonymous-signins-per-minute 1000000 --codes-per-minute 1000000}"
drop_db() { rm -f "$BENCH_DB" "$BENCH_DB-wal" "$BENCH_DB-shm"; }
drop_db
scripts/emulator.sh start >&2
trap 'scripts/emulator.sh stop >/dev/null 2>&1; drop_db' EXIT
case "${1:-}" in
  heap) node bench/browser/heap.mjs ;;
  profile-signin) node bench/browser/profile-signin.mjs ;;
  ab) node bench/browser/ab.mjs ;;
  signin-stages) node bench/browser/signin-stages.mjs ;;
  preload) node bench/browser/preload.mjs ;;
  *) node bench/browser/run.mjs ;;
esac
