import { describe, expect, it } from 'vitest';
import type { RebalancePolicy } from './policy.ts';
import { PRESETS } from './presets.ts';
import { evaluateRebalance } from './rebalance-decision.ts';
import { DEFAULT_PLAN_OPTIONS } from './rebalance-plan.ts';

const policy: RebalancePolicy = {
  absoluteBand: 0.05,
  relativeBand: null,
  calendar: null,
  minDaysBetween: 30,
};
const pricesUsd = { VTI: 100, TLT: 100, GLD: 100, DBC: 100 };

describe('evaluateRebalance', () => {
  it('a trade decision whose orders are all under the minimum becomes a hold (never an empty rebalance)', () => {
    // $1 000 account fully in cash: drift is large, but every order of the plan is under $100 except VTI/TLT/GLD.
    const evaluation = evaluateRebalance({
      snapshot: { cashUsd: 400, holdings: [], pricesUsd },
      targets: PRESETS['dalio-lite'].targets,
      policy,
      plan: { ...DEFAULT_PLAN_OPTIONS, minTradeUsd: 500 },
      today: '2025-06-02',
      lastRebalanceDay: null,
    });
    expect(evaluation.decision).toMatchObject({ kind: 'hold', code: 'nothing-to-trade' });
    expect(evaluation.decision.reason).toMatch(/every order is below the minimum trade of \$500/);
  });

  it('an unfunded account holds and plans nothing', () => {
    const evaluation = evaluateRebalance({
      snapshot: { cashUsd: 0, holdings: [], pricesUsd },
      targets: PRESETS['dalio-lite'].targets,
      policy,
      plan: DEFAULT_PLAN_OPTIONS,
      today: '2025-06-02',
      lastRebalanceDay: null,
    });
    expect(evaluation).toMatchObject({ decision: { kind: 'hold', code: 'no-equity' }, plan: null });
  });

  it('ignored non-target holdings do not count as drift and are listed', () => {
    const evaluation = evaluateRebalance({
      snapshot: {
        cashUsd: 0,
        holdings: [
          { symbol: 'VTI', qty: 400, priceUsd: 100 },
          { symbol: 'TLT', qty: 300, priceUsd: 100 },
          { symbol: 'GLD', qty: 200, priceUsd: 100 },
          { symbol: 'DBC', qty: 100, priceUsd: 100 },
          { symbol: 'AAPL', qty: 100, priceUsd: 200 },
        ],
      },
      targets: PRESETS['dalio-lite'].targets,
      policy,
      plan: DEFAULT_PLAN_OPTIONS,
      today: '2025-06-02',
      lastRebalanceDay: null,
    });
    expect(evaluation.decision.kind).toBe('hold');
    expect(evaluation.ignoredSymbols).toEqual(['AAPL']);
    expect(evaluation.drift.equityUsd).toBe(100_000);
  });
});
