import { normalizeTargets, SYMBOL_PATTERN, type Targets } from '@dalio-lite/core';

/** A draft allocation as typed: symbol → weight in percent (40 = 40 %). */
export type DraftWeights = Readonly<Record<string, number>>;

/** The weights' verdict: their total, what blocks applying them, and the normalised targets when nothing does. */
export interface WeightCheck {
  totalPct: number;
  problems: string[];
  targets: Targets | null;
}

/** A total within this of 100 counts as exactly 100 (so 33.3 + 33.3 + 33.4 passes despite floating point). */
const TOTAL_TOLERANCE_PCT = 1e-6;

/** Check a draft's symbols and weights as the user types: every problem at once, one line each. */
export function checkDraftWeights(weightsPct: DraftWeights): WeightCheck {
  const entries = Object.entries(weightsPct);
  const problems: string[] = [];
  if (entries.length === 0) problems.push('no symbols yet: add at least one symbol with a weight');
  let totalPct = 0;
  for (const [symbol, weight] of entries) {
    if (!SYMBOL_PATTERN.test(symbol)) {
      problems.push(`"${symbol}" is not a ticker symbol: use capital letters such as VTI`);
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0 || weight > 100) {
      problems.push(
        `${symbol}: weight ${String(weight)} % must be above 0 and at most 100 (or remove ${symbol})`,
      );
      continue;
    }
    totalPct += weight;
  }
  const gap = 100 - totalPct;
  if (entries.length > 0 && Math.abs(gap) > TOTAL_TOLERANCE_PCT) {
    const fix = gap > 0 ? `add ${formatPct(gap)} more` : `take ${formatPct(-gap)} away`;
    problems.push(`the weights total ${formatPct(totalPct)} %, they must total exactly 100 %: ${fix}`);
  }
  if (problems.length > 0) return { totalPct, problems, targets: null };
  const normalised = normalizeTargets(weightsPct);
  if (!normalised.ok) return { totalPct, problems: [normalised.error], targets: null };
  return { totalPct, problems, targets: normalised.value };
}

function formatPct(value: number): string {
  return String(Math.round(value * 1e4) / 1e4);
}
