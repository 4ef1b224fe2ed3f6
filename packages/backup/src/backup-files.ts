import { HEARTBEAT_FILE, HISTORY_FILE, SEQ_MARKER_FILE, STATE_FILE } from '@dalio-lite/state';

/**
 * The files of a state directory a backup holds: the state, its seq marker, the history, the heartbeat, and the
 * persisted counters, alert state and positions ledger that @dalio-lite/observability keeps beside them.
 * Never the locks, temp files, quarantined copies, secrets (tokens) or a simulator's own account.
 */
export const STATE_BACKUP_FILES: readonly string[] = [
  STATE_FILE,
  SEQ_MARKER_FILE,
  HISTORY_FILE,
  HEARTBEAT_FILE,
  'metrics.json',
  'alerts.json',
  'ledger.json',
];
