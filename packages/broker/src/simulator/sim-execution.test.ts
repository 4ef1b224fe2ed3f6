import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestSimulator, TEST_SYMBOLS } from '../../test/fixtures.ts';
import { sessionAt } from './market-hours.ts';
import { createSimClock } from './sim-clock.ts';
import { ALPACA_CONSISTENCY, IMMEDIATE_CONSISTENCY } from './sim-consistency.ts';

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
  it('keeps cash + positions = equity, fills in the order’s form, never fills while closed, never creates money', async () => {
    const start = Date.parse('2019-12-30T10:00:00-05:00');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('margin' as const, 'cash' as const),
        fc.array(actionArb, { minLength: 1, maxLength: 40 }),
        async (seed, offsetMs, partialFillProbability, accountType, actions) => {
          const clock = createSimClock({ mode: { kind: 'fixed', at: new Date(start + offsetMs) } });
          const { sim } = await createTestSimulator({
            clock,
            seed,
            partialFillProbability,
            slippageBps: 5,
            accountType,
            consistency: IMMEDIATE_CONSISTENCY,
          });
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
            const { orders, fills, charges } = sim.ledger();
            // Rebuild cash and holdings from the fills (and interest) alone and compare with what the account reports.
            let cash = INITIAL_CASH + charges.reduce((sum, charge) => sum + charge.amountUsd, 0);
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
            // Only a margin account borrows; a cash account never goes below zero, nor shorts.
            if (accountType === 'cash') expect(account.cashUsd).toBeGreaterThanOrEqual(0);
            for (const position of account.positions) {
              expect(position.qty).not.toBe(0);
              expect(position.side).toBe(position.qty > 0 ? 'long' : 'short');
              if (accountType === 'cash') expect(position.side).toBe('long');
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
              if (order.qty !== null) {
                expect(order.filledQty).toBeLessThanOrEqual(Number(order.qty) + 1e-9);
                // Whole-share orders fill whole shares, and `filled` means every share.
                if (Number.isInteger(Number(order.qty))) expect(Number.isInteger(order.filledQty)).toBe(true);
                if (order.status === 'filled') expect(order.filledQty).toBeCloseTo(Number(order.qty), 9);
              }
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

  it('shows every fill in cash and positions within the consistency window, whatever the seed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(
          fc.tuple(fc.constantFrom(...TEST_SYMBOLS), fc.constantFrom('buy' as const, 'sell' as const)),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        async (seed, trades) => {
          const { sim } = await createTestSimulator({
            seed,
            partialFillProbability: 0.5,
            consistency: ALPACA_CONSISTENCY,
          });
          for (const [i, [symbol, side]] of trades.entries()) {
            sim.submitOrder(A, { clientOrderId: `t${i}`, symbol, side, qty: '3' });
          }
          sim.findOrder(A, { clientOrderId: 't0' });
          const { fills } = sim.ledger();
          const truth = fills.reduce(
            (cash, f) => cash + (f.side === 'buy' ? -f.valueUsd : f.valueUsd),
            INITIAL_CASH,
          );
          // The default window is at most two further requests of the account.
          sim.account(A);
          sim.account(A);
          const shown = sim.account(A);
          expect(shown.cashUsd).toBeCloseTo(truth, 6);
          const qty = (symbol: string) =>
            fills
              .filter((f) => f.symbol === symbol)
              .reduce((q, f) => q + (f.side === 'buy' ? f.qty : -f.qty), 0);
          for (const position of shown.positions) expect(position.qty).toBeCloseTo(qty(position.symbol), 9);
        },
      ),
      { numRuns: 50 },
    );
  });
});
