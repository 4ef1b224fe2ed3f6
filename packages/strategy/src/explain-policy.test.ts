import { parseConfig } from '@dalio-lite/config';
import { initialStatePayload } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { explainPolicy } from './explain-policy.ts';

const env = { HOME: '/nonexistent' };
const config = parseConfig(
  `broker:
  kind: simulator
allocation:
  targets: { SPY: 50, IEF: 40, GLD: 10 }
policy:
  absoluteBandPct: 4
  relativeBandPct: 20
  calendar: quarterly
  minDaysBetween: 45
plan:
  minTradeUsd: 250
risk:
  maxDailyLossPct: 7
  maxOrderUsd: 20000
schedule:
  timeEt: "11:15"
`,
  'dalio.yaml',
  env,
);

describe('explainPolicy', () => {
  it('explains with the user’s own symbols, bands, days and limits', () => {
    const explanation = explainPolicy({ config, state: null, lastCycle: null });
    expect(explanation.targets).toEqual([
      { symbol: 'SPY', targetPct: 50, lowPct: 46, highPct: 54, band: 'absolute' },
      { symbol: 'IEF', targetPct: 40, lowPct: 36, highPct: 44, band: 'absolute' },
      { symbol: 'GLD', targetPct: 10, lowPct: 8, highPct: 12, band: 'relative' },
    ]);
    const text = explanation.sections.map((s) => `${s.title}: ${s.lines.join(' ')}`).join('\n');
    for (const fact of [
      'Allocation (your own): SPY 50 %, IEF 40 %, GLD 10 %',
      'at 11:15 New York time',
      'more than 4 points',
      'more than 20 % of its own target',
      'a new quarter begins',
      'GLD 10 % may range 8–12 % (relative band)',
      'within 45 calendar days',
      'skips orders under $250',
      '7 % or more below the previous close',
      'no single order above $20,000',
      'Now: paper trading',
      'No cycle has run yet.',
    ]) {
      expect(text).toContain(fact);
    }
  });

  it('shows a halt, a tripped breaker and the last decision with its reason', () => {
    const state = {
      ...initialStatePayload(),
      halt: { since: '2025-10-01T10:00:00.000Z', reason: 'manual halt' },
      breakers: {
        dailyLoss: { trippedAt: '2025-09-30T15:00:00.000Z', reason: 'daily loss 7.4 % ≥ 7 %' },
        drawdown: null,
      },
    };
    const explanation = explainPolicy({
      config,
      state,
      lastCycle: {
        n: 12,
        entry: {
          cycleId: 'c12',
          day: '2025-09-30',
          startedAt: '2025-09-30T15:15:00.000Z',
          finishedAt: '2025-09-30T15:15:02.000Z',
          outcome: 'refused',
          code: 'breaker',
          decision: { kind: 'none', reason: 'daily loss breaker tripped: daily loss 7.4 % ≥ 7 %' },
          orders: [],
          brokerAnswers: [],
          reconciliationNotes: [],
          durationsMs: {},
          errors: [],
        },
      },
    });
    expect(explanation.lastDecision).toMatchObject({ n: 12, outcome: 'refused', code: 'breaker' });
    const lines = explanation.sections.flatMap((s) => s.lines);
    expect(lines).toContain('Now: HALTED since 2025-10-01T10:00:00.000Z — manual halt.');
    expect(lines).toContain('Now: tripped at 2025-09-30T15:00:00.000Z — daily loss 7.4 % ≥ 7 %.');
    expect(lines.at(-1)).toBe(
      'Cycle #12 (trading day 2025-09-30, finished 2025-09-30T15:15:02.000Z): refused (breaker) — daily loss breaker tripped: daily loss 7.4 % ≥ 7 %',
    );
  });
});
