# Sourced by the scripts beside it: finds the `dalio` command to run and gives them `run_dalio`.
# $DALIO (a path) wins; then the built launcher of this checkout; then `dalio` on PATH.
if [ -n "${DALIO:-}" ]; then
  DALIO_BIN="$DALIO"
elif [ -x "$(dirname "$0")/../dalio" ]; then
  DALIO_BIN="$(cd "$(dirname "$0")/.." && pwd)/dalio"
elif command -v dalio >/dev/null 2>&1; then
  DALIO_BIN="$(command -v dalio)"
else
  echo "$(basename "$0"): cannot find the dalio command; build it (\`npm start\`) or set DALIO=/path/to/dalio" >&2
  exit "${DALIO_NOT_FOUND_EXIT:-2}"
fi

# Run dalio with the arguments given, echoing the command first so the log shows what ran.
run_dalio() {
  echo "+ dalio $*" >&2
  "$DALIO_BIN" "$@"
}
