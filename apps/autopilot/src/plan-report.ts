import type { DroppedOrder, PlannedOrder, RebalanceEvaluation } from '@dalio-lite/core';
import { formatPoints } from '@dalio-lite/core';
import Table from 'cli-table3';

/** The JSON shape of a plan, shared by `dalio plan --json` and the dashboard's dry run. */
export function planToJson(evaluation: RebalanceEvaluation, today: string) {
  const { decision, drift, plan, ignoredSymbols } = evaluation;
  return {
    today,
    decision,
    equityUsd: round(drift.equityUsd, 2),
    cashUsd: round(drift.cashUsd, 2),
    drift: drift.symbols.map((row) => ({
      symbol: row.symbol,
      valueUsd: round(row.valueUsd, 2),
      currentWeight: round(row.currentWeight, 6),
      targetWeight: round(row.targetWeight, 6),
      absoluteDrift: round(row.absoluteDrift, 6),
      relativeDrift: row.relativeDrift === null ? null : round(row.relativeDrift, 6),
    })),
    ignoredSymbols,
    orders: decision.kind === 'trade' && plan ? [...plan.sells, ...plan.buys].map(orderToJson) : [],
    dropped: plan?.dropped.map((order) => ({ ...order, valueUsd: round(order.valueUsd, 2) })) ?? [],
  };
}

/** A human report: the decision, the drift table, and the orders in the order they would be sent. */
export function renderPlan(evaluation: RebalanceEvaluation, today: string): string {
  const { decision, drift, plan, ignoredSymbols } = evaluation;
  const lines = [
    `Plan for ${today} — equity ${usd(drift.equityUsd)}, cash ${usd(drift.cashUsd)}`,
    `Decision: ${decision.kind === 'trade' ? 'TRADE' : 'HOLD'} — ${decision.reason}`,
    '',
  ];
  const table = new Table({
    head: ['Symbol', 'Value', 'Current', 'Target', 'Drift', 'Relative'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right'],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: { head: [], border: [] },
  });
  for (const row of drift.symbols) {
    table.push([
      row.symbol,
      usd(row.valueUsd),
      pct(row.currentWeight),
      pct(row.targetWeight),
      formatPoints(row.absoluteDrift),
      row.relativeDrift === null
        ? '—'
        : `${row.relativeDrift >= 0 ? '+' : '−'}${Math.abs(row.relativeDrift * 100).toFixed(1)} %`,
    ]);
  }
  lines.push(table.toString());
  if (ignoredSymbols.length > 0)
    lines.push(`Not managed (non-target holdings ignored): ${ignoredSymbols.join(', ')}`);
  if (decision.kind === 'trade' && plan) {
    lines.push('', 'Orders (sells first, then buys once the sells have filled):');
    for (const order of [...plan.sells, ...plan.buys]) lines.push(`  ${describeOrder(order)}`);
    const sold = plan.sells.reduce((total, order) => total + order.estimatedValueUsd, 0);
    const bought = plan.buys.reduce((total, order) => total + order.estimatedValueUsd, 0);
    lines.push(
      `Total to sell ${usd(sold)}, total to buy ${usd(bought)}, cash reserve ${usd(plan.reserveUsd)}`,
    );
  }
  for (const order of plan?.dropped ?? []) lines.push(`  skipped ${describeDropped(order)}`);
  return lines.join('\n');
}

function describeOrder(order: PlannedOrder): string {
  const amount = order.amount.kind === 'notional' ? `$${order.amount.usd}` : `${order.amount.shares} sh`;
  return `${order.side.toUpperCase().padEnd(4)} ${order.symbol.padEnd(5)} ${amount.padStart(14)}  (≈ ${usd(order.estimatedValueUsd)} at ${usd(order.priceUsd)})`;
}

function describeDropped(order: DroppedOrder): string {
  return `${order.side} ${order.symbol} ${usd(order.valueUsd)}: ${order.reason}`;
}

function orderToJson(order: PlannedOrder) {
  return {
    symbol: order.symbol,
    side: order.side,
    amount: order.amount,
    estimatedValueUsd: round(order.estimatedValueUsd, 2),
    estimatedQty: round(order.estimatedQty, 9),
    priceUsd: order.priceUsd,
  };
}

function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function pct(weight: number): string {
  return `${(weight * 100).toFixed(1)} %`;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
