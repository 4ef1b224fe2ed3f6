import type { CycleReport } from '@dalio-lite/engine';
import { STATE_RECOVERY } from './cli-error.ts';

/** One or a few lines a person reads after a cycle (`dalio run`, the demo). */
export function describeReport(report: CycleReport): string {
  const recovery = report.code === 'state-unreadable' ? `; ${STATE_RECOVERY}` : '';
  const lines = [
    `${report.day ?? '(no trading day)'}: ${report.outcome.toUpperCase()} — ${report.reason}${recovery}`,
  ];
  for (const order of report.orders) {
    const answer = report.answers.findLast((a) => a.clientOrderId === order.clientOrderId);
    const amount = order.amount.kind === 'notional' ? `$${order.amount.usd}` : `${order.amount.shares} sh`;
    const result = answer?.error
      ? `${answer.error.code}: ${answer.error.message}`
      : `${answer?.status ?? 'not sent'}, filled ${answer?.filledQty ?? 0}`;
    lines.push(
      `  ${order.side.padEnd(4)} ${order.symbol.padEnd(5)} ${amount.padStart(14)}  ${order.clientOrderId}  ${result}`,
    );
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  for (const error of report.errors) lines.push(`  error: ${error}`);
  return lines.join('\n');
}
