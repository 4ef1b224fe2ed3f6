import type { Probed } from '@dalio-lite/observability';
import type { ChecklistEvidence } from './checklist-evidence.ts';

/** How one item came out: passed or not, what was found, and the fix when it failed. */
export interface ItemOutcome {
  ok: boolean;
  detail: string;
  fix: string | null;
}

/** An item software checks: its id, what it asks, in which scopes it runs, and the check itself. */
export interface AutoItem {
  id: string;
  title: string;
  /** `cycle` items are re-checked before every live cycle too; `full`-only ones (health) only by the checklist. */
  everyCycle: boolean;
  check(evidence: ChecklistEvidence): ItemOutcome;
}

/** A passing outcome. */
export function pass(detail: string): ItemOutcome {
  return { ok: true, detail, fix: null };
}

/** A failing outcome with its fix. */
export function fail(detail: string, fix: string): ItemOutcome {
  return { ok: false, detail, fix };
}

/** Judge a value that had to be read first; a failed read fails the item with its reason. */
export function judge<T>(probed: Probed<T>, fix: string, on: (value: T) => ItemOutcome): ItemOutcome {
  return probed.ok ? on(probed.value) : fail(`could not be checked: ${probed.reason}`, fix);
}

/** Whether an ISO instant lies within `maxMs` before `now`. */
export function isRecent(at: string, now: Date, maxMs: number): boolean {
  const age = now.getTime() - Date.parse(at);
  return Number.isFinite(age) && age <= maxMs;
}
