#!/usr/bin/env bash
# Load benchmark of the emulator on goose: token refresh, SMS code sign-up, password sign-in.
# Builds and starts the emulator (scripts/emulator.sh) unless EMULATOR_URL is set, stops it at
# the end, and prints a markdown table. Options: bench/emulator-load.sh --help
#   bench/emulator-load.sh                       # 32 connections, 10 s per scenario, :memory: db
#   bench/emulator-load.sh -c 16 -d 15 --db file # 16 connections, 15 s, a SQLite file
#   EMULATOR_URL=http://127.0.0.1:8787 bench/emulator-load.sh -s refresh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
exec cargo run --quiet --release --manifest-path bench/load/Cargo.toml -- "$@"
