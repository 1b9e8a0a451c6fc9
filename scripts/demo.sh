#!/usr/bin/env bash
# The demo: installs what is missing, builds the npm package (pkg/), starts the emulator and
# serves the demo page (www/) until Ctrl-C, which stops the server and the emulator.
#   scripts/demo.sh
# EMULATOR_PORT (default 8787) and WWW_PORT (default 8080) choose the ports.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export EMULATOR_PORT="${EMULATOR_PORT:-8787}"
export EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
WWW_PORT="${WWW_PORT:-8080}"
WWW_URL="http://127.0.0.1:$WWW_PORT/"

log() { printf '[demo] %s\n' "$*"; }

if curl -fsS -o /dev/null "$WWW_URL" 2>/dev/null; then
  echo "error: something already answers on $WWW_URL (set WWW_PORT to use another port)" >&2
  exit 1
fi

log "setup"
scripts/setup.sh
log "building the package (pkg/)"
scripts/build-pkg.sh

# Stop at exit only an emulator this script started, not one that was already running.
STARTED_EMULATOR=""
WWW_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$WWW_PID" ]; then kill "$WWW_PID" 2>/dev/null || true; wait "$WWW_PID" 2>/dev/null || true; fi
  if [ -n "$STARTED_EMULATOR" ]; then scripts/emulator.sh stop || true; fi
}
trap cleanup EXIT
trap 'echo; log "stopping"; exit 130' INT
trap 'log "stopping"; exit 143' TERM

if scripts/emulator.sh status >/dev/null 2>&1; then
  log "using the emulator already running at $EMULATOR_URL"
else
  STARTED_EMULATOR=1
  scripts/emulator.sh start
fi

# The server runs in the background so that the traps fire at once on Ctrl-C; `wait` keeps
# this script in the foreground until the server ends.
node scripts/serve-www.mjs "$WWW_PORT" &
WWW_PID=$!
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "$WWW_URL" 2>/dev/null && break
  kill -0 "$WWW_PID" 2>/dev/null || { WWW_PID=""; echo "error: the demo server did not start" >&2; exit 1; }
  sleep 0.1
done

echo
echo "Demo: $WWW_URL"
echo "      (emulator at $EMULATOR_URL; press Ctrl-C to stop both)"
echo
wait "$WWW_PID"
