import { describe, expect, it } from 'vitest';
import { consistencySeed, simStateSchema } from './sim-state.ts';

/** A state file as the simulator wrote it before margin, shorts and consistency were modelled. */
const EARLIER_STATE = {
  version: 1,
  seq: 4,
  randomState: 42,
  accounts: {
    acct: {
      id: 'acct',
      cashUsd: 98_990,
      positions: { SPY: { qty: 2, costBasisUsd: 1_010 } },
      createdAt: '2024-03-15T15:00:00.000Z',
    },
  },
  orders: [
    {
      id: 'c9bf9e57-1685-4c89-bafb-ff5af830be8a',
      accountId: 'acct',
      clientOrderId: 'dl-1',
      symbol: 'SPY',
      side: 'sell',
      qty: '1',
      notional: null,
      timeInForce: 'day',
      status: 'accepted',
      filledQty: 0,
      filledAvgPriceUsd: null,
      createdAt: '2024-03-15T22:00:00.000Z',
      updatedAt: '2024-03-15T22:00:00.000Z',
      filledAt: null,
      canceledAt: null,
      expiredAt: null,
      failedAt: null,
      releaseAtMs: 1_710_768_600_000,
      sessionCloseMs: 1_710_792_000_000,
      partialFraction: null,
      rejectOnRelease: false,
      hiddenReads: 0,
      targetQty: null,
      reservedUsd: 0,
    },
  ],
  fills: [],
};

describe('simulator state schema', () => {
  it('loads a state written before margin, shorts and consistency, with the defaults of then', () => {
    const state = simStateSchema.parse(EARLIER_STATE);
    expect(state.accounts.acct).toMatchObject({
      type: 'margin',
      requests: 0,
      lastClose: null,
      unsettled: [],
    });
    expect(state.orders[0]).toMatchObject({
      positionIntent: 'sell_to_close',
      restAtMs: null,
      cancelDue: null,
      holdDue: null,
    });
    expect(state.charges).toEqual([]);
    expect(state.consistencySeed).toBe(consistencySeed(42));
    expect(state.instanceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a short position quantity of the wrong type, naming the field', () => {
    const broken = structuredClone(EARLIER_STATE);
    (broken.accounts.acct.positions.SPY as { qty: unknown }).qty = '-2';
    const result = simStateSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['accounts', 'acct', 'positions', 'SPY', 'qty']);
  });
});
