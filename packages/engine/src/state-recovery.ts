import type { StateCorruptError } from '@dalio-lite/state';

/** What an injected recovery did about an unreadable state: put a good one back (with notes), or could not. */
export type StateRecoveryOutcome =
  | { kind: 'restored'; notes: string[] }
  | { kind: 'refused'; reason: string };

/**
 * Puts a good state back when a cycle finds its state unreadable; called with the rebalance lock held, before
 * anything is sent. The apps back it with their verified backups (`@dalio-lite/backup`).
 */
export type StateRecovery = (problem: StateCorruptError) => Promise<StateRecoveryOutcome>;

/** Whether a restore can cure the problem: not a newer schema (upgrade instead) nor an I/O error (fix the disk). */
export function isRestorable(problem: StateCorruptError): boolean {
  return problem.kind !== 'newer-version' && problem.kind !== 'unreadable';
}
