import { bandHalfWidth, type MarketClock, type RebalancePolicy, type Targets } from '@dalio-lite/core';
import type { CyclePreview } from '@dalio-lite/engine';
import type { DashboardDeps } from '../dashboard-deps.ts';

/** One read of the broker: the dry run's snapshot and decision, and the market clock. */
export interface MarketRead {
  preview: CyclePreview;
  clock: MarketClock;
}

/** Read the broker the way a dry run does (the engine's own preview) plus the clock. */
export async function readMarket(deps: DashboardDeps): Promise<MarketRead> {
  const broker = await deps.broker.get();
  const [preview, clock] = await Promise.all([deps.preview({ force: false }), broker.getClock()]);
  return { preview, clock };
}

/** The account as the overview shows it: value, cash, and today's change against the previous close. */
export function accountView(read: MarketRead) {
  const { account } = read.preview.snapshot;
  const todayChangeUsd = account.equityUsd - account.lastEquityUsd;
  return {
    id: account.id,
    status: account.status,
    equityUsd: account.equityUsd,
    cashUsd: account.cashUsd,
    lastEquityUsd: account.lastEquityUsd,
    todayChangeUsd,
    todayChangePct: account.lastEquityUsd > 0 ? todayChangeUsd / account.lastEquityUsd : null,
    buyingPowerUsd: account.buyingPowerUsd,
    tradingBlocked: account.tradingBlocked,
    accountBlocked: account.accountBlocked,
  };
}

/** The positions, largest first, with their weight and target. */
export function positionsView(read: MarketRead, targets: Targets) {
  const { account, positions } = read.preview.snapshot;
  return [...positions]
    .sort((a, b) => b.marketValueUsd - a.marketValueUsd)
    .map((position) => ({
      symbol: position.symbol,
      qty: position.qty,
      priceUsd: position.currentPriceUsd,
      marketValueUsd: position.marketValueUsd,
      avgEntryPriceUsd: position.avgEntryPriceUsd,
      unrealizedUsd: position.marketValueUsd - position.avgEntryPriceUsd * position.qty,
      weight: account.equityUsd > 0 ? position.marketValueUsd / account.equityUsd : 0,
      targetWeight: targets[position.symbol] ?? 0,
    }));
}

/** Allocation against targets with each band, and what the policy decides right now and why. */
export function allocationView(preview: CyclePreview, policy: RebalancePolicy) {
  const { drift } = preview.evaluation;
  const plan = preview.evaluation.plan;
  const decision = preview.decision;
  return {
    day: preview.day,
    equityUsd: drift.equityUsd,
    cashWeight: drift.cashWeight,
    maxAbsoluteDrift: drift.maxAbsoluteDrift,
    rows: drift.symbols.map((row) => {
      const halfWidth = row.isTarget ? bandHalfWidth(row.targetWeight, policy) : null;
      return {
        symbol: row.symbol,
        valueUsd: row.valueUsd,
        targetWeight: row.targetWeight,
        currentWeight: row.currentWeight,
        absoluteDrift: row.absoluteDrift,
        relativeDrift: row.relativeDrift,
        band:
          halfWidth === null
            ? null
            : {
                halfWidth,
                lower: Math.max(0, row.targetWeight - halfWidth),
                upper: row.targetWeight + halfWidth,
              },
        outside: halfWidth !== null && Math.abs(row.absoluteDrift) > halfWidth,
      };
    }),
    policy: {
      absoluteBand: policy.absoluteBand,
      relativeBand: policy.relativeBand,
      calendar: policy.calendar,
      minDaysBetween: policy.minDaysBetween,
    },
    decision: {
      kind: decision.kind,
      code: decision.kind === 'refuse' || decision.kind === 'hold' ? decision.code : null,
      reason: decision.reason,
    },
    orders: plan ? [...plan.sells, ...plan.buys].map(orderView) : [],
    dropped: plan ? plan.dropped : [],
    notes: preview.notes,
  };
}

function orderView(order: {
  symbol: string;
  side: 'buy' | 'sell';
  amount: { kind: 'notional'; usd: string } | { kind: 'qty'; shares: string };
  estimatedValueUsd: number;
}) {
  return {
    symbol: order.symbol,
    side: order.side,
    amount: order.amount,
    estimatedValueUsd: order.estimatedValueUsd,
  };
}
