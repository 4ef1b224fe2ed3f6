import type { DroppedOrder, PlannedOrder, RebalanceEvaluation } from '@dalio-lite/core';
import { formatPoints } from '@dalio-lite/core';
import type { CycleDecision, CyclePreview } from '@dalio-lite/engine';
import type { PersistedPlannedOrder } from '@dalio-lite/state';
import Table from 'cli-table3';
import { formatAmount, formatMoney } from './text-format.ts';

/** What a real run would do now, in one object: the cycle decision's kind, code and reason. */
function cycleToJson(decision: CycleDecision) {
  const code = decision.kind === 'refuse' || decision.kind === 'hold' ? decision.code : null;
  return { kind: decision.kind, code, reason: decision.reason };
}

/** Why a real run would not trade now (a refusal, or today already traded); empty when it would. */
function blockersOf(decision: CycleDecision): string[] {
  if (decision.kind === 'refuse') return [decision.reason];
  if (decision.kind === 'hold' && decision.code === 'already-rebalanced') return [decision.reason];
  return [];
}

/** The orders of today's open intent that a continuing run would still send. */
function unsentLegs(decision: CycleDecision): PersistedPlannedOrder[] {
  if (decision.kind !== 'continue-intent') return [];
  const { record } = decision;
  return record.plannedOrders.filter(
    (order) => !record.brokerAnswers.some((answer) => answer.clientOrderId === order.clientOrderId),
  );
}

/** The JSON of `dalio plan` against the broker: the plan, plus what a real run would do and why. */
export function previewToJson(preview: CyclePreview) {
  const plan = planToJson(preview.evaluation, preview.day);
  return {
    ...plan,
    // A continuing run sends the open intent's legs, not a new plan.
    orders: preview.decision.kind === 'continue-intent' ? [] : plan.orders,
    cycle: cycleToJson(preview.decision),
    blockers: blockersOf(preview.decision),
    continuing: unsentLegs(preview.decision),
    notes: preview.notes,
  };
}

/** `dalio plan` against the broker, for a person: the plan, then what a real run would do now. */
export function renderPreview(preview: CyclePreview): string {
  const { decision } = preview;
  const lines = [
    renderPlan(preview.evaluation, preview.day, { showOrders: decision.kind !== 'continue-intent' }),
  ];
  for (const blocker of blockersOf(decision)) lines.push(`A real run would not trade now: ${blocker}`);
  if (decision.kind === 'continue-intent') {
    lines.push(`A real run would continue today's open rebalance: ${decision.reason}`);
    for (const order of unsentLegs(decision)) {
      const amount = formatAmount(order.amount);
      lines.push(`  ${order.side.toUpperCase().padEnd(4)} ${order.symbol.padEnd(5)} ${amount.padStart(14)}`);
    }
  }
  for (const note of preview.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

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
export function renderPlan(
  evaluation: RebalanceEvaluation,
  today: string,
  options: { showOrders: boolean } = { showOrders: true },
): string {
  const { decision, drift, plan, ignoredSymbols } = evaluation;
  const lines = [
    `Plan for ${today} — equity ${formatMoney(drift.equityUsd)}, cash ${formatMoney(drift.cashUsd)}`,
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
      formatMoney(row.valueUsd),
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
  if (evaluation.kind === 'trade' && options.showOrders) {
    const { plan } = evaluation;
    lines.push('', 'Orders (sells first, then buys once the sells have filled):');
    for (const order of [...plan.sells, ...plan.buys]) lines.push(`  ${describeOrder(order)}`);
    const sold = plan.sells.reduce((total, order) => total + order.estimatedValueUsd, 0);
    const bought = plan.buys.reduce((total, order) => total + order.estimatedValueUsd, 0);
    lines.push(
      `Total to sell ${formatMoney(sold)}, total to buy ${formatMoney(bought)}, cash reserve ${formatMoney(plan.reserveUsd)}`,
    );
  }
  for (const order of plan?.dropped ?? []) lines.push(`  skipped ${describeDropped(order)}`);
  return lines.join('\n');
}

function describeOrder(order: PlannedOrder): string {
  const amount = formatAmount(order.amount);
  return `${order.side.toUpperCase().padEnd(4)} ${order.symbol.padEnd(5)} ${amount.padStart(14)}  (≈ ${formatMoney(order.estimatedValueUsd)} at ${formatMoney(order.priceUsd)})`;
}

function describeDropped(order: DroppedOrder): string {
  return `${order.side} ${order.symbol} ${formatMoney(order.valueUsd)}: ${order.reason}`;
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

function pct(weight: number): string {
  return `${(weight * 100).toFixed(1)} %`;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
