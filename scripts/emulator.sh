#!/usr/bin/env bash
# Builds and runs the emulator in the background.
#   scripts/emulator.sh start   build, start, wait until healthy, print URL and PID
#   scripts/emulator.sh stop    stop the emulator started by `start`
#   scripts/emulator.sh status
# EMULATOR_PORT (default 8787) and EMULATOR_DB (default :memory:) choose the port and database;
# EMULATOR_FLAGS adds flags (see the emulator's --help).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
PORT="${EMULATOR_PORT:-8787}"
DB="${EMULATOR_DB:-:memory:}"
RUN_DIR="target/run"
PID_FILE="$RUN_DIR/emulator-$PORT.pid"
LOG_FILE="$RUN_DIR/emulator-$PORT.log"
URL="http://127.0.0.1:$PORT"
BIN="target/emulator/cloudbase-auth-emulator"

healthy() { curl -fsS "$URL/emulator/v1/health" >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    mkdir -p "$RUN_DIR"
    if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && healthy; then
      echo "emulator already running at $URL (pid $(cat "$PID_FILE"))"; exit 0
    fi
    if healthy; then echo "error: something else answers on $URL" >&2; exit 1; fi
    cargo build --profile emulator -p cloudbase-auth-emulator --quiet
    # shellcheck disable=SC2086 # EMULATOR_FLAGS is a list of flags
    "$BIN" --host 127.0.0.1 --port "$PORT" --db "$DB" ${EMULATOR_FLAGS:-} >"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 100); do
      healthy && { echo "emulator running at $URL (pid $(cat "$PID_FILE"), log $LOG_FILE)"; exit 0; }
      kill -0 "$(cat "$PID_FILE")" 2>/dev/null || break
      sleep 0.1
    done
    echo "error: the emulator did not start; its log:" >&2; cat "$LOG_FILE" >&2; exit 1
    ;;
  stop)
    if [ -f "$PID_FILE" ]; then
      kill "$(cat "$PID_FILE")" 2>/dev/null || true
      rm -f "$PID_FILE"
      echo "emulator on port $PORT stopped"
    fi
    ;;
  status)
    if healthy; then echo "running at $URL"; else echo "not running on port $PORT"; exit 1; fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
