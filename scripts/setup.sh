#!/usr/bin/env bash
# Installs everything the build, the demo and the tests need, skipping what is already there.
# Only the package registries are used (crates.io, npm, Debian): nothing is downloaded from
# GitHub or vendor sites. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

log() { printf '[setup] %s\n' "$*"; }

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. Chromium and its driver, from Debian. (Debian's binaryen is NOT used: its wasm-opt
#    produces modules that fail at load; wasm-opt comes from the npm package instead.)
need=""
command -v chromium >/dev/null || need="$need chromium"
command -v chromedriver >/dev/null || need="$need chromium-driver"
command -v firefox-esr >/dev/null || need="$need firefox-esr"   # the browser tests run in Firefox too
if [ -n "$need" ]; then
  log "installing$need"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
fi

# 3. wasm-bindgen-cli, exactly the version in Cargo.lock (the test runner and the build need it).
[ -f Cargo.lock ] || cargo generate-lockfile
WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WB" ]; then
  log "installing wasm-bindgen-cli $WB"
  # --locked fails today (the lockfile wants a webpki-roots the registry index lacks).
  cargo install wasm-bindgen-cli --version "=$WB" --locked --force \
    || cargo install wasm-bindgen-cli --version "=$WB" --force
fi

# 4. wasm-pack.
if ! command -v wasm-pack >/dev/null; then
  log "installing wasm-pack"
  cargo install wasm-pack --locked || cargo install wasm-pack
fi

# 4b. geckodriver (Debian has no package for it; the crate registry has).
if ! command -v geckodriver >/dev/null; then
  log "installing geckodriver"
  cargo install geckodriver --locked || cargo install geckodriver
fi

# 5. npm devDependencies: binaryen (wasm-opt), playwright-core, the real @cloudbase/js-sdk.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/@cloudbase/js-sdk ]; then
  log "installing npm devDependencies"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

# 6. Python's venv module (scripts/fuzz.sh installs the API fuzzer into a venv under target/).
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  log "installing python3-venv"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-venv
fi

log "ready: $(rustc --version), wasm-bindgen $(wasm-bindgen --version | cut -d' ' -f2), $(wasm-pack --version), $(chromium --version 2>/dev/null | head -1), $(firefox-esr --version 2>/dev/null | head -1)"
