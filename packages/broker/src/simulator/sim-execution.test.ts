import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestSimulator, TEST_SYMBOLS } from '../../test/fixtures.ts';
import { sessionAt } from './market-hours.ts';
import { createSimClock } from './sim-clock.ts';

const A = 'acct';
const INITIAL_CASH = 100_000;

const actionArb = fc.oneof(
  fc.record({
    kind: fc.constant('submit' as const),
    symbol: fc.constantFrom(...TEST_SYMBOLS),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    notional: fc.boolean(),
    amount: fc.double({ min: 0.5, max: 40_000, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 4 * 86_400_000 }) }),
  fc.record({ kind: fc.constant('cancel-all' as const) }),
);

describe('simulator invariants (property-based)', () => {
  it('keeps cash + positions = equity, never overfills, never fills while closed, never creates money', async () => {
    const start = Date.parse('2019-12-30T10:00:00-05:00');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(actionArb, { minLength: 1, maxLength: 40 }),
        async (seed, offsetMs, partialFillProbability, actions) => {
          const clock = createSimClock({ mode: { kind: 'fixed', at: new Date(start + offsetMs) } });
          const { sim } = await createTestSimulator({ clock, seed, partialFillProbability, slippageBps: 5 });
          let index = 0;
          for (const action of actions) {
            index += 1;
            if (action.kind === 'advance') clock.advance(action.ms);
            if (action.kind === 'cancel-all') sim.cancelAllOrders(A);
            if (action.kind === 'submit') {
              const amount = action.notional
                ? action.amount.toFixed(2)
                : String(Math.max(1, Math.round(action.amount / 500)));
              sim.submitOrder(A, {
                clientOrderId: `c-${index}`,
                symbol: action.symbol,
                side: action.side,
                ...(action.notional ? { notional: amount } : { qty: amount }),
              });
            }
            const account = sim.account(A);
            const { orders, fills } = sim.ledger();
            // Rebuild cash and holdings from the fills alone and compare with what the account reports.
            let cash = INITIAL_CASH;
            const held = new Map<string, number>();
            for (const fill of fills) {
              expect(Math.abs(fill.valueUsd - fill.qty * fill.priceUsd)).toBeLessThanOrEqual(0.005 + 1e-9);
              cash += fill.side === 'buy' ? -fill.valueUsd : fill.valueUsd;
              held.set(
                fill.symbol,
                (held.get(fill.symbol) ?? 0) + (fill.side === 'buy' ? fill.qty : -fill.qty),
              );
              expect(sessionAt(Date.parse(fill.at)), `fill at ${fill.at} while closed`).not.toBeNull();
            }
            expect(account.cashUsd).toBeCloseTo(cash, 6);
            expect(account.cashUsd).toBeGreaterThanOrEqual(0);
            for (const position of account.positions) {
              expect(position.qty).toBeGreaterThan(0);
              expect(position.qty).toBeCloseTo(held.get(position.symbol) ?? 0, 8);
            }
            const nowMs = clock.now().getTime();
            const marketValue = account.positions.reduce(
              (sum, p) => sum + p.qty * (sim.prices.priceAt(p.symbol, nowMs) ?? Number.NaN),
              0,
            );
            expect(account.equityUsd).toBeCloseTo(account.cashUsd + marketValue, 6);
            for (const order of orders) {
              const filledFromFills = fills
                .filter((f) => f.orderId === order.id)
                .reduce((s, f) => s + f.qty, 0);
              expect(order.filledQty).toBeCloseTo(filledFromFills, 8);
              if (order.qty !== null) expect(order.filledQty).toBeLessThanOrEqual(Number(order.qty) + 1e-9);
              if (order.notional !== null) {
                expect(order.filledQty * (order.filledAvgPriceUsd ?? 0)).toBeLessThanOrEqual(
                  Number(order.notional) + 0.01,
                );
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('does not create or destroy value when trading at an unchanged price', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.constantFrom(...TEST_SYMBOLS), fc.double({ min: 1, max: 20_000, noNaN: true })),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        async (buys) => {
          const { sim } = await createTestSimulator();
          for (const [i, [symbol, usd]] of buys.entries()) {
            sim.submitOrder(A, { clientOrderId: `b${i}`, symbol, side: 'buy', notional: usd.toFixed(2) });
          }
          // Cash is rounded to cents per fill, so at most half a cent per fill may be lost or gained.
          expect(Math.abs(sim.account(A).equityUsd - INITIAL_CASH)).toBeLessThanOrEqual(
            0.005 * buys.length + 1e-6,
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});
