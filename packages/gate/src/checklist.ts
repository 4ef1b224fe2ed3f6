import type { ChecklistEvidence } from './checklist-evidence.ts';
import type { AutoItem } from './checklist-item.ts';
import { EVIDENCE_ITEMS } from './evidence-items.ts';
import type { SignOff } from './gate-files.ts';
import { MANUAL_ITEMS } from './manual-items.ts';
import { SETUP_ITEMS } from './setup-items.ts';

/** Every item software checks, in the order the checklist lists them. */
export const AUTO_ITEMS: readonly AutoItem[] = [...SETUP_ITEMS, ...EVIDENCE_ITEMS];

/** One item of a checklist run. */
export interface ChecklistItemResult {
  id: string;
  title: string;
  kind: 'auto' | 'manual';
  ok: boolean;
  detail: string;
  fix: string | null;
  /** A manual item's sign-off, or null. */
  signOff: SignOff | null;
}

/** GO only when every item passed; each failing item carries its fix. */
export interface ChecklistReport {
  verdict: 'GO' | 'NO-GO';
  scope: ChecklistEvidence['scope'];
  checkedAt: string;
  passed: number;
  total: number;
  items: ChecklistItemResult[];
  failing: ChecklistItemResult[];
}

/**
 * Judge the checklist on what was read. The `cycle` scope (the re-check before every live cycle) leaves out the
 * items that would block the cycle meant to fix them (health: a drift warning must not stop the rebalance).
 */
export function evaluateChecklist(evidence: ChecklistEvidence): ChecklistReport {
  const autos = AUTO_ITEMS.filter((item) => evidence.scope === 'full' || item.everyCycle).map(
    (item): ChecklistItemResult => {
      let outcome: ReturnType<AutoItem['check']>;
      try {
        outcome = item.check(evidence);
      } catch (error) {
        outcome = {
          ok: false,
          detail: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
          fix: 'report this with `dalio checklist --json`',
        };
      }
      return { id: item.id, title: item.title, kind: 'auto', signOff: null, ...outcome };
    },
  );
  const signOffs = evidence.signOffs.ok ? (evidence.signOffs.value?.items ?? {}) : {};
  const manuals = MANUAL_ITEMS.map((item): ChecklistItemResult => {
    const signOff = signOffs[item.id] ?? null;
    return {
      id: item.id,
      title: item.title,
      kind: 'manual',
      ok: signOff !== null,
      detail: signOff
        ? `signed off by ${signOff.by} at ${signOff.at}${signOff.note ? `: ${signOff.note}` : ''}`
        : evidence.signOffs.ok
          ? `not signed off (${item.how})`
          : `sign-offs could not be read: ${evidence.signOffs.reason}`,
      fix: signOff ? null : `when done, run \`dalio checklist sign ${item.id} --by NAME [--note TEXT]\``,
      signOff,
    };
  });
  const items = [...autos, ...manuals];
  const failing = items.filter((item) => !item.ok);
  return {
    verdict: failing.length === 0 ? 'GO' : 'NO-GO',
    scope: evidence.scope,
    checkedAt: evidence.now.toISOString(),
    passed: items.length - failing.length,
    total: items.length,
    items,
    failing,
  };
}

/** The one-line reason a NO-GO report gives: each failing item and its fix. */
export function describeFailing(report: ChecklistReport): string {
  return report.failing.map((item) => `${item.id}: ${item.detail} (fix: ${item.fix})`).join('; ');
}
