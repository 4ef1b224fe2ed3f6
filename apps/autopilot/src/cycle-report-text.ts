import type { BrokerVenue } from '@dalio-lite/core';
import type { CycleReport } from '@dalio-lite/engine';
import type { BrokerAnswer } from '@dalio-lite/state';
import { STATE_RECOVERY } from './cli-error.ts';
import { formatAmount, formatMoney, formatShares } from './text-format.ts';

/** The label every cycle line starts with when the broker is the built-in simulator: fake money, said plainly. */
export const SIMULATOR_LABEL = '[simulator]';

/** The label every cycle line starts with when the venue is Alpaca live: real money, said plainly. */
export const LIVE_LABEL = '[LIVE]';

/** The prefix of a cycle line for a venue: the simulator and live say so; Alpaca paper needs no label. */
export function venueLabel(venue: BrokerVenue): string {
  if (venue === 'simulator') return `${SIMULATOR_LABEL} `;
  return venue === 'alpaca-live' ? `${LIVE_LABEL} ` : '';
}

/**
 * One or a few lines a person reads after a cycle (`dalio run`, the daemon, the demo): the day, the outcome and
 * why, then each order with what the broker did with it.
 */
export function describeReport(report: CycleReport, venue: BrokerVenue): string {
  const recovery = report.code === 'state-unreadable' ? `; ${STATE_RECOVERY}` : '';
  const label = venueLabel(venue);
  const lines = [
    `${label}${report.day ?? '(no trading day)'}: ${report.outcome.toUpperCase()} — ${report.reason}${recovery}`,
  ];
  for (const order of report.orders) {
    const answer = report.answers.findLast((a) => a.clientOrderId === order.clientOrderId);
    lines.push(
      `  ${order.side.padEnd(4)} ${order.symbol.padEnd(5)} ${formatAmount(order.amount).padStart(14)}  ${describeAnswer(answer)}  (${order.clientOrderId})`,
    );
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  for (const error of report.errors) lines.push(`  error: ${error}`);
  return lines.join('\n');
}

/** What the broker last said about an order: `filled 139.2517 sh at $145.06`, `rejected: …`, `not sent`. */
function describeAnswer(answer: BrokerAnswer | undefined): string {
  if (!answer) return 'not sent';
  if (answer.error?.code === 'skipped') return answer.error.message;
  if (answer.error) return `${answer.error.code}: ${answer.error.message}`;
  if (answer.status === null) return 'sent, no answer yet';
  const filled = answer.filledQty ?? 0;
  const price = answer.filledAvgPriceUsd === null ? '' : ` at ${formatMoney(answer.filledAvgPriceUsd)}`;
  return filled > 0 ? `${answer.status} ${formatShares(filled)} sh${price}` : answer.status;
}
