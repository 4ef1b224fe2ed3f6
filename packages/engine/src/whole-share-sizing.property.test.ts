import { costOf, type OrderAmount, PRESETS } from '@dalio-lite/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantPriceFeed, createEngineHarness } from '../test/engine-harness.ts';
import type { EngineEvent } from './engine-events.ts';

const TARGETS = PRESETS['dalio-lite'].targets;
const SYMBOLS = Object.keys(TARGETS);

/** A price with a fraction of a cent, as quotes and adjusted closes have. */
const price = fc.integer({ min: 5_0000, max: 400_0000 }).map((tenThousandths) => tenThousandths / 10_000);

const scenario = fc.record({
  prices: fc.record({ VTI: price, TLT: price, GLD: price, DBC: price, AAPL: price }),
  holdingsUsd: fc.record({
    VTI: fc.integer({ min: 0, max: 20_000 }),
    TLT: fc.integer({ min: 0, max: 20_000 }),
    GLD: fc.integer({ min: 0, max: 20_000 }),
    DBC: fc.integer({ min: 0, max: 20_000 }),
    AAPL: fc.integer({ min: 0, max: 30_000 }),
  }),
  extraCashUsd: fc.integer({ min: 500, max: 40_000 }),
  wholeShares: fc.boolean(),
  notFractionable: fc.subarray(SYMBOLS),
  nonTargetHoldings: fc.constantFrom('ignore' as const, 'liquidate' as const),
  cashReservePct: fc.constantFrom(0, 0.005, 0.02),
  minTradeUsd: fc.constantFrom(1, 100),
});

function shares(amount: OrderAmount): number {
  return amount.kind === 'qty' ? Number(amount.shares) : Number.NaN;
}

describe('whole-share sizing on the simulator (property)', () => {
  it('after a committed cycle, idle cash above the reserve buys no further share of any under-target whole-share symbol, and no leg shrank unless cash was short', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const seededUsd = Object.values(s.holdingsUsd).reduce((a, b) => a + b, 0);
        const harness = await createEngineHarness({
          prices: constantPriceFeed(s.prices),
          cashUsd: seededUsd + s.extraCashUsd,
          simulator: {
            assets: Object.fromEntries(s.notFractionable.map((symbol) => [symbol, { fractionable: false }])),
          },
          settings: {
            plan: {
              cashReserveUsd: 0,
              cashReservePct: s.cashReservePct,
              minTradeUsd: s.minTradeUsd,
              tradeTo: 'target',
              nonTargetHoldings: s.nonTargetHoldings,
              wholeShares: s.wholeShares,
            },
          },
        });
        harness.seedShares(
          Object.fromEntries(
            Object.entries(s.holdingsUsd).map(([symbol, usd]) => [
              symbol,
              Math.floor(usd / s.prices[symbol as keyof typeof s.prices]),
            ]),
          ),
        );
        const report = await harness.engine.runCycle({ force: true });
        fc.pre(report.outcome !== 'hold');
        expect(report.outcome).toBe('committed');

        const whole = new Set(s.wholeShares ? SYMBOLS : s.notFractionable);
        const account = harness.simulator.account('default');
        const held = (symbol: string) =>
          account.positions.find((p) => p.symbol === symbol)?.marketValueUsd ?? 0;
        const ignoredUsd = s.nonTargetHoldings === 'ignore' ? held('AAPL') : 0;
        const managedUsd = account.equityUsd - ignoredUsd;
        // The reserve as the configuration defines it: a share of the managed sleeve.
        const reserveUsd = Math.min(managedUsd, s.cashReservePct * managedUsd);
        const idleUsd = account.cashUsd - reserveUsd;
        for (const symbol of whole) {
          const shortfallUsd = (managedUsd - reserveUsd) * (TARGETS[symbol] ?? 0) - held(symbol);
          // A shortfall under the minimum trade is within the tolerance the user chose.
          if (shortfallUsd <= 0 || shortfallUsd < s.minTradeUsd) continue;
          expect(idleUsd, `${symbol} is $${shortfallUsd.toFixed(2)} under target`).toBeLessThan(
            s.prices[symbol as keyof typeof s.prices],
          );
        }

        const fitted = harness.events.filter(
          (event): event is Extract<EngineEvent, { type: 'buys-fitted' }> => event.type === 'buys-fitted',
        );
        for (const event of fitted) {
          if (event.availableUsd + 1e-9 < event.plannedUsd) continue;
          for (const leg of event.planned) {
            const sent = event.fitted.find((candidate) => candidate.symbol === leg.symbol);
            expect(sent, `${leg.symbol} was planned and cash sufficed`).toBeDefined();
            if (!sent) continue;
            if (leg.amount.kind === 'qty')
              expect(shares(sent.amount)).toBeGreaterThanOrEqual(shares(leg.amount));
            else expect(costOf(sent.amount, 1)).toBeGreaterThanOrEqual(costOf(leg.amount, 1));
          }
        }
      }),
      { numRuns: 40, seed: 20261201 },
    );
  }, 120_000);
});
