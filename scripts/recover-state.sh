#!/usr/bin/env bash
# Restore the state directory from the newest backup that verifies (or a chosen one): show the backups, verify
# and print the plan, restore after confirmation, adopt the broker's later orders, then check health.
set -u

usage() {
  cat <<'TEXT'
Usage: scripts/recover-state.sh [--id ID] [--from local|s3] [--force] [--dry-run] [--yes] [--config PATH]

Puts a good state back from a verified backup (corrupt state, lost disk, fresh host):
  1. dalio backup list                       (every backup, local and off-site)
  2. dalio backup restore ID --dry-run       (verifies every byte, prints the plan; changes nothing)
  3. dalio backup restore ID                 (with --yes, or when you type "restore" at the prompt):
     under the rebalance lock, current files kept aside, later broker orders adopted by client order id
  4. dalio status and dalio health
ID defaults to latest (the newest backup that verifies); --from s3 rebuilds from the bucket alone;
--force restores a backup older than a state that still reads.

Exit codes:
  0  restored (or, with --dry-run, the plan verified) and health is not critical
  1  nothing verifies, a store cannot be reached, or health is critical after the restore
  2  bad usage, bad config, or not confirmed (nothing was changed)
TEXT
}

id="latest"
from=()
force=()
dry_run=0
yes=0
config=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --id) [ $# -ge 2 ] || { echo "recover-state: --id needs a backup id" >&2; exit 2; }; id="$2"; shift 2 ;;
    --from) [ $# -ge 2 ] || { echo "recover-state: --from needs local or s3" >&2; exit 2; }; from=(--from "$2"); shift 2 ;;
    --force) force=(--force); shift ;;
    --dry-run) dry_run=1; shift ;;
    --yes) yes=1; shift ;;
    --config) [ $# -ge 2 ] || { echo "recover-state: --config needs a path" >&2; exit 2; }; config=(--config "$2"); shift 2 ;;
    *) echo "recover-state: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Found only now, so --help and usage errors work even where dalio is not built yet.
source "$(dirname "$0")/dalio-command.sh"

run_dalio backup list "${config[@]}"
run_dalio backup restore "$id" --dry-run "${from[@]}" "${force[@]}" "${config[@]}"
code=$?
if [ "$code" != 0 ]; then
  echo "recover-state: no restore: the backup did not verify or cannot be used (see above); nothing was changed" >&2
  exit "$code"
fi
[ "$dry_run" = 1 ] && exit 0
if [ "$yes" != 1 ]; then
  if [ -t 0 ]; then
    printf 'Type "restore" to replace the state with this backup: ' >&2
    read -r answer
    [ "$answer" = "restore" ] || { echo "recover-state: not confirmed; nothing was changed" >&2; exit 2; }
  else
    echo "recover-state: the plan is above; repeat with --yes to restore (nothing was changed)" >&2
    exit 2
  fi
fi
run_dalio backup restore "$id" "${from[@]}" "${force[@]}" "${config[@]}" || exit $?
run_dalio status "${config[@]}" || true
run_dalio health "${config[@]}"
health=$?
if [ "$health" -ge 2 ]; then
  echo "recover-state: restored, but health is critical (see above)" >&2
  exit 1
fi
echo "recover-state: restored. Next: \`dalio run\` (it reconciles with the broker before it trades) or start the daemon." >&2
exit 0
