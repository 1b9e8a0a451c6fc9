#!/usr/bin/env bash
# Runs every test of the project, on a fresh machine too: installs what is missing, starts the
# emulator itself (and stops it at the end), runs each stage, and exits non-zero if any failed.
#   scripts/test.sh            all stages
#   scripts/test.sh native     only the named stages (setup lint types native browser package packaging conformance fuzz e2e)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export EMULATOR_PORT="${EMULATOR_PORT:-8797}"
export EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
WWW_PORT="${WWW_PORT:-8798}"
export WWW_URL="http://127.0.0.1:$WWW_PORT"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# Every suite talks to one emulator from one address, so the per-IP throttles on wrong
# passwords, anonymous sign-ins and verification codes (per minute) would count the suites'
# requests together and refuse a later suite's. They are lifted here; their own tests start
# their own emulators (emulator/tests/security_throttle.rs).
export EMULATOR_FLAGS="${EMULATOR_FLAGS:---wrong-passwords-per-minute 1000000 --anonymous-signins-per-minute 1000000 --codes-per-minute 1000000}"
unset GECKODRIVER   # with both drivers exported the runner would use Firefox for Chrome runs

passed=0; failed=0; failures=""
WWW_PID=""
cleanup() {
  [ -n "$WWW_PID" ] && kill "$WWW_PID" 2>/dev/null
  scripts/emulator.sh stop >/dev/null 2>&1
}
trap cleanup EXIT

stage() {
  local name="$1"; shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); printf '<== %s: ok (%ss)\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1)); failures="$failures $name"
    printf '<== %s: FAILED (%ss)\n' "$name" $((SECONDS - start))
  fi
}

SELECTED="$*"
sel() { [ -z "$SELECTED" ] || [[ " $SELECTED " == *" $1 "* ]]; }

lint() {
  cargo fmt --all -- --check &&
  cargo clippy --workspace --all-targets --quiet -- -D warnings &&
  cargo clippy -p cloudbase-auth-wasm --target wasm32-unknown-unknown --all-targets --features talc --quiet -- -D warnings
}

types() { node_modules/.bin/tsc -p types-check; }

native() { cargo test --workspace; }

start_emulator() { scripts/emulator.sh start; }

# The browser tests run in Chromium, then in Firefox (one driver per run: with both exported the
# runner would pick Firefox for the Chromium run), with the package's allocator (`talc`).
browser() {
  wasm-pack test --headless --chrome --mode no-install -- --test web --features talc &&
  wasm-pack test --headless --firefox --mode no-install -- --test web --features talc
}

package() { scripts/build-pkg.sh; }

# The packed tarball installed into a plain ES-module page and a Vite + TypeScript app.
packaging() { node packaging/run.mjs; }

conformance() { node conformance/run.mjs && node conformance/interop.mjs; }

fuzz() { scripts/fuzz.sh; }

e2e() {
  node scripts/serve-www.mjs "$WWW_PORT" >target/run/www.log 2>&1 &
  WWW_PID=$!
  for _ in $(seq 1 50); do curl -fsS "$WWW_URL/" >/dev/null 2>&1 && break; sleep 0.1; done
  node e2e/demo.mjs && node e2e/api.mjs && node e2e/tabs.mjs && node e2e/oauth.mjs && node e2e/handoff.mjs && node e2e/robust.mjs && node e2e/v2.mjs
}

# The stages, in order. Each part of the product adds its stage here when it lands.
sel setup && stage setup scripts/setup.sh
sel lint && stage lint lint
sel types && stage types types
sel native && stage native native
if sel browser || sel packaging || sel conformance || sel e2e || sel fuzz; then stage emulator start_emulator; fi
sel browser && stage browser browser
if sel package || sel packaging || sel conformance || sel e2e; then stage package package; fi
sel packaging && stage packaging packaging
sel conformance && stage conformance conformance
sel fuzz && stage fuzz fuzz
sel e2e && stage e2e e2e

printf '\nstages: %s\n' "$([ -n "$failures" ] && echo "failed:$failures" || echo "all ok")"
printf 'stages: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
