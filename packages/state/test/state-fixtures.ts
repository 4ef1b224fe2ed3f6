import type { StatePayload } from '../src/state-schema.ts';

/** A realistic payload: one committed day with a filled sell and a rejected buy. */
export function sampleStatePayload(): StatePayload {
  return {
    account: { venue: 'alpaca-paper', accountId: 'PA3EXAMPLE', since: '2025-09-01T13:30:00.000Z' },
    days: {
      '2025-09-26': {
        day: '2025-09-26',
        status: 'partial',
        attempt: 0,
        plannedOrders: [
          {
            clientOrderId: 'dl-20250926-a0-VTI-sell',
            symbol: 'VTI',
            side: 'sell',
            amount: { kind: 'qty', shares: '1.5' },
            estimatedValueUsd: 480.12,
          },
          {
            clientOrderId: 'dl-20250926-a0-TLT-buy',
            symbol: 'TLT',
            side: 'buy',
            amount: { kind: 'notional', usd: '450.00' },
            estimatedValueUsd: 450,
          },
        ],
        brokerAnswers: [
          {
            clientOrderId: 'dl-20250926-a0-VTI-sell',
            at: '2025-09-26T14:31:02.000Z',
            orderId: 'b7c1',
            status: 'filled',
            filledQty: 1.5,
            filledAvgPriceUsd: 320.08,
            error: null,
          },
          {
            clientOrderId: 'dl-20250926-a0-TLT-buy',
            at: '2025-09-26T14:31:09.000Z',
            orderId: null,
            status: null,
            filledQty: null,
            filledAvgPriceUsd: null,
            error: { code: '40310000', message: 'insufficient buying power' },
          },
        ],
        reasons: ['TLT buy rejected: insufficient buying power'],
        reserveUsd: 51.25,
        cashAtIntentUsd: 1_230.5,
        startedAt: '2025-09-26T14:30:58.000Z',
        updatedAt: '2025-09-26T14:31:09.000Z',
        finishedAt: '2025-09-26T14:31:10.000Z',
      },
    },
    lastRebalance: { day: '2025-09-26', at: '2025-09-26T14:31:10.000Z' },
    highWaterMarkUsd: 10_250.5,
    breakers: {
      dailyLoss: null,
      drawdown: { trippedAt: '2025-09-20T15:00:00.000Z', reason: 'drawdown 31 %' },
    },
    halt: null,
    liveTier: { tier: 0, capitalCapUsd: 1000, since: '2025-09-01T13:30:00.000Z' },
  };
}

/** The day every concurrent-update test writes to. */
export const SHARED_DAY = '2025-09-26';

/** `state` with `reason` appended to the reasons of `SHARED_DAY` (the record is created on first use). */
export function appendReason(state: StatePayload, reason: string): StatePayload {
  const at = '2025-09-26T14:30:00.000Z';
  const record = state.days[SHARED_DAY] ?? {
    day: SHARED_DAY,
    status: 'intent' as const,
    attempt: 0,
    plannedOrders: [],
    brokerAnswers: [],
    reasons: [],
    reserveUsd: null,
    cashAtIntentUsd: null,
    startedAt: at,
    updatedAt: at,
    finishedAt: null,
  };
  return {
    ...state,
    days: { ...state.days, [SHARED_DAY]: { ...record, reasons: [...record.reasons, reason] } },
  };
}
