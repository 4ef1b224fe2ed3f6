import type { CorruptionKind } from './errors.ts';

/** Why a history line was skipped. */
export type SkippedLineReason = 'torn' | 'unparseable' | 'checksum' | 'schema';

/** Everything the state package reports instead of logging; the app decides what to log or alert. */
export type StateEvent =
  | { type: 'quarantined'; path: string; quarantinePath: string; kind: CorruptionKind; message: string }
  | { type: 'migrated'; path: string; fromVersion: number; toVersion: number }
  | { type: 'permissions-tightened'; path: string; fromMode: number; toMode: number }
  | { type: 'orphan-temp-removed'; path: string }
  | {
      type: 'history-line-skipped';
      path: string;
      lineNumber: number;
      reason: SkippedLineReason;
      last: boolean;
    }
  | { type: 'lock-compromised'; path: string; message: string };

/** Receives state events. */
export type OnStateEvent = (event: StateEvent) => void;

/** The listener that ignores everything. */
export const ignoreStateEvents: OnStateEvent = () => {};
