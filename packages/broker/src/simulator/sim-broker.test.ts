import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestSimulator } from '../../test/fixtures.ts';
import type { Broker } from '../broker.ts';
import { BrokerResponseError, BrokerUnavailableError } from '../errors.ts';
import { FAULT_KINDS, type FaultKind } from './fault-plan.ts';
import { createSimulatorBroker } from './sim-broker.ts';

const BUY = { symbol: 'SPY', side: 'buy' as const, amount: { kind: 'notional' as const, usd: '500.00' } };

/** What an engine does with an order: submit once, and after an ambiguous answer look it up before resending. */
async function placeExactlyOnce(broker: Broker, clientOrderId: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const result = await broker.submitOrder({ ...BUY, clientOrderId });
    if (result.kind === 'accepted' || result.kind === 'already-exists') return result.kind;
    if (result.kind === 'rejected') return 'rejected';
    // Unknown: a lookup miss is not proof, so look twice before resending under the same id.
    for (let look = 0; look < 3; look += 1) {
      const found = await broker.getOrderByClientOrderId(clientOrderId).catch(() => null);
      if (found) return 'adopted';
    }
  }
  return 'gave-up';
}

describe('in-process simulator broker', () => {
  it('maps faults to the same outcomes as the Alpaca adapter', async () => {
    const { sim } = await createTestSimulator();
    const broker = createSimulatorBroker({ simulator: sim });
    sim.faults.next('GET /v2/account', '5xx');
    await expect(broker.getAccount()).rejects.toBeInstanceOf(BrokerUnavailableError);
    sim.faults.next('GET /v2/positions', 'malformed');
    await expect(broker.getPositions()).rejects.toBeInstanceOf(BrokerResponseError);
    sim.faults.next('POST /v2/orders', 'answer-lost');
    expect((await broker.submitOrder({ ...BUY, clientOrderId: 'lost' })).kind).toBe('unknown');
    expect((await broker.getOrderByClientOrderId('lost'))?.status).toBe('filled');
    sim.faults.next('POST /v2/orders', '5xx');
    expect((await broker.submitOrder({ ...BUY, clientOrderId: 'never' })).kind).toBe('unknown');
    expect(await broker.getOrderByClientOrderId('never')).toBeNull();
    await expect(broker.getLatestPrices(['NOPE'])).rejects.toBeInstanceOf(BrokerResponseError);
  });

  it('places every order exactly once under any schedule of faults (property)', async () => {
    const faultArb = fc.constantFrom<FaultKind>(...FAULT_KINDS);
    const scheduleArb = fc.array(
      fc.tuple(fc.constantFrom('POST /v2/orders', 'GET /v2/orders:by_client_order_id', '*'), faultArb),
      { maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(scheduleArb, fc.integer({ min: 1, max: 6 }), async (schedule, orders) => {
        const { sim } = await createTestSimulator({ lateVisibilityReads: 2 });
        for (const [route, fault] of schedule) sim.faults.next(route, fault);
        const broker = createSimulatorBroker({ simulator: sim });
        const ids = Array.from({ length: orders }, (_, i) => `dl-p-${i}`);
        for (const id of ids) expect(await placeExactlyOnce(broker, id)).not.toBe('gave-up');
        const ledger = sim.ledger().orders;
        for (const id of ids) expect(ledger.filter((o) => o.clientOrderId === id)).toHaveLength(1);
        expect(ledger).toHaveLength(orders);
      }),
      { numRuns: 150 },
    );
  });
});
