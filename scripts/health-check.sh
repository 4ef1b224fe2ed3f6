#!/usr/bin/env bash
# Every health check of Dalio Lite (backups and the last verified restore included), for cron, a monitoring agent
# or a person at 3 a.m.; optionally a full read of the newest backups.
set -u

usage() {
  cat <<'TEXT'
Usage: scripts/health-check.sh [--alert] [--backups] [--config PATH]

Runs `dalio health` and prints each check with its fix:
  --alert     also send alerts for checks that fail (and for checks back to ok)
  --backups   also run `dalio backup verify --read-data` (downloads and checks the newest backup of each store)

Exit codes:
  0  healthy
  1  a warning (or, with --backups, a backup that does not verify)
  2  critical
  3  the checks could not run (bad config, dalio missing)
TEXT
}

alert=()
backups=0
config=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --alert) alert=(--alert); shift ;;
    --backups) backups=1; shift ;;
    --config) [ $# -ge 2 ] || { echo "health-check: --config needs a path" >&2; exit 3; }; config=(--config "$2"); shift 2 ;;
    *) echo "health-check: unknown option $1 (see --help)" >&2; exit 3 ;;
  esac
done

# Found only now, so --help and usage errors work even where dalio is not built yet.
DALIO_NOT_FOUND_EXIT=3
source "$(dirname "$0")/dalio-command.sh"

report="$(run_dalio health --json "${alert[@]}" "${config[@]}")"
# `dalio health` exits 0/1/2 by status, and 2 for bad config too: the JSON says which.
status="$(printf '%s' "$report" | node -e '
let text = "";
process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
  try {
    const report = JSON.parse(text);
    if (typeof report.status !== "string") throw new Error(report.error ?? "no status");
    for (const check of report.checks) {
      const mark = check.status === "ok" ? "ok      " : check.status === "warn" ? "WARN    " : "CRITICAL";
      console.error(`${mark}  ${check.name}: ${check.reason}${check.fix ? ` — fix: ${check.fix}` : ""}`);
    }
    console.log(report.status);
  } catch (error) {
    console.error(`health-check: the checks could not run: ${error.message}`);
    console.log("unknown");
  }
});')"
case "$status" in
  ok) code=0 ;;
  warn) code=1 ;;
  critical) code=2 ;;
  *) exit 3 ;;
esac
if [ "$backups" = 1 ]; then
  if ! run_dalio backup verify --read-data "${config[@]}" && [ "$code" -lt 1 ]; then code=1; fi
fi
echo "health-check: $status" >&2
exit "$code"
