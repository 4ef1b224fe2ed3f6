#!/usr/bin/env bash
# Emergency stop: halt trading at once (persisted, every cycle refuses), cancel open orders, optionally sell
# everything and stop the systemd units, then show where things stand. Safe to run twice.
set -u

usage() {
  cat <<'TEXT'
Usage: scripts/emergency-shutdown.sh [--reason TEXT] [--liquidate --yes] [--stop-services] [--config PATH]

Stops Dalio Lite from trading, now:
  1. dalio halt --reason TEXT           (persisted: every cycle refuses until `dalio resume`)
  2. dalio halt --cancel-orders         (cancels every open order at the broker)
     with --liquidate --yes: also sells every position at market
  3. with --stop-services: systemctl stop dalio-daemon.service dalio-run.timer dalio-run.service
  4. dalio status --broker              (what is halted, what is still open)

Exit codes:
  0  halted, open orders canceled (and positions closed with --liquidate)
  1  halted, but the broker step failed (unreachable, refused): cancel in the Alpaca dashboard
  2  bad usage, or the halt itself failed (config, state directory): nothing is halted
Undo with `dalio resume` after review.
TEXT
}

reason="emergency shutdown"
liquidate=0
yes=0
stop_services=0
config=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --reason) [ $# -ge 2 ] || { echo "emergency-shutdown: --reason needs a text" >&2; exit 2; }; reason="$2"; shift 2 ;;
    --liquidate) liquidate=1; shift ;;
    --yes) yes=1; shift ;;
    --stop-services) stop_services=1; shift ;;
    --config) [ $# -ge 2 ] || { echo "emergency-shutdown: --config needs a path" >&2; exit 2; }; config=(--config "$2"); shift 2 ;;
    *) echo "emergency-shutdown: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
# Found only now, so --help and usage errors work even where dalio is not built yet.
source "$(dirname "$0")/dalio-command.sh"

if [ "$liquidate" = 1 ] && [ "$yes" != 1 ]; then
  echo "emergency-shutdown: --liquidate sells every position at market; repeat with --yes to confirm" >&2
  exit 2
fi

# The halt first and on its own: it needs only the state directory, so it holds even when the broker is down.
if ! run_dalio halt --reason "$reason" "${config[@]}"; then
  echo "emergency-shutdown: NOT halted: the halt failed (see above); stop the services by hand: systemctl stop dalio-daemon.service dalio-run.timer" >&2
  exit 2
fi
broker_args=(--cancel-orders)
[ "$liquidate" = 1 ] && broker_args+=(--liquidate --yes)
status=0
if ! run_dalio halt --reason "$reason" "${broker_args[@]}" "${config[@]}"; then
  echo "emergency-shutdown: HALTED, but the broker step failed: cancel open orders in the Alpaca dashboard (https://app.alpaca.markets)" >&2
  status=1
fi
if [ "$stop_services" = 1 ]; then
  if command -v systemctl >/dev/null 2>&1; then
    echo "+ systemctl stop dalio-daemon.service dalio-run.timer dalio-run.service" >&2
    systemctl stop dalio-daemon.service dalio-run.timer dalio-run.service || status=1
  else
    echo "emergency-shutdown: no systemctl here; stop the daemon by hand (kill -TERM its pid)" >&2
  fi
fi
run_dalio status --broker "${config[@]}" || status=1
if [ "$status" = 0 ]; then echo "emergency-shutdown: HALTED; open orders canceled. Resume with \`dalio resume\` after review." >&2; fi
exit "$status"
