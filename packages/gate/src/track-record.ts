import { newYorkDate } from '@dalio-lite/core';
import { isUnknownOrderNote } from '@dalio-lite/engine';
import { alertsForCycle, cycleCodeOf, cycleFactsOf, isSuccessfulCycle } from '@dalio-lite/observability';
import type { HistoryRecord } from '@dalio-lite/state';

/** Something in the history that a clean run must not have. */
export interface Incident {
  /** The trading day (broker clock), or the New York date the cycle finished when it had none. */
  day: string;
  at: string;
  kind: 'critical' | 'error' | 'duplicate-order' | 'unknown-order';
  detail: string;
}

/** What a history proves: the real trading days it traded on, and every incident. */
export interface TrackRecord {
  /** Trading days with a successful cycle that ran on that very day with the market open (no soak, no time-lapse). */
  realDays: string[];
  /** The real days after the last incident. */
  cleanDays: string[];
  incidents: Incident[];
}

/**
 * Read a history as evidence. A real day is a trading day whose successful cycle (traded, held by policy or
 * already done) finished on the same New York date: a soak or time-lapse run, whose broker clock races ahead of
 * the wall clock, proves nothing here. Incidents: a cycle whose alert is critical (failed, breaker, wrong account,
 * unreadable state, a closed gate ...), a cycle that recorded errors, a client order id the broker answered with
 * two different orders (a duplicate), and an order of ours no local record knew. `since` keeps cycles started
 * at or after that instant.
 */
export function trackRecord(
  records: readonly HistoryRecord[],
  options: { since?: string } = {},
): TrackRecord {
  const since = options.since ? Date.parse(options.since) : Number.NEGATIVE_INFINITY;
  const entries = records
    .map((record) => record.entry)
    .filter((entry) => Date.parse(entry.startedAt) >= since)
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
  const incidents: Incident[] = [];
  const orderIds = new Map<string, string>();
  const real: { day: string; at: string }[] = [];
  for (const entry of entries) {
    const day = entry.day ?? newYorkDate(entry.finishedAt);
    const at = entry.finishedAt;
    const code = cycleCodeOf(entry);
    const critical = alertsForCycle({
      day: entry.day,
      outcome: entry.outcome,
      code,
      reason: entry.decision.reason,
      orderLines: [],
      errors: entry.errors,
      at,
      mode: '',
    }).some((alert) => alert.severity === 'critical');
    if (critical) incidents.push({ day, at, kind: 'critical', detail: `${code}: ${entry.decision.reason}` });
    else if (entry.errors.length > 0)
      incidents.push({ day, at, kind: 'error', detail: entry.errors.join('; ') });
    for (const answer of entry.brokerAnswers) {
      if (answer.orderId === null) continue;
      const seen = orderIds.get(answer.clientOrderId);
      if (seen !== undefined && seen !== answer.orderId) {
        incidents.push({
          day,
          at,
          kind: 'duplicate-order',
          detail: `${answer.clientOrderId} was answered with orders ${seen} and ${answer.orderId}`,
        });
      }
      orderIds.set(answer.clientOrderId, answer.orderId);
    }
    for (const note of entry.reconciliationNotes.filter(isUnknownOrderNote)) {
      incidents.push({ day, at, kind: 'unknown-order', detail: note });
    }
    const facts = cycleFactsOf(entry);
    if (
      entry.day !== null &&
      isSuccessfulCycle(facts) &&
      facts.code !== 'market-closed' &&
      newYorkDate(at) === entry.day
    ) {
      real.push({ day: entry.day, at });
    }
  }
  const lastIncidentAt =
    incidents
      .map((incident) => incident.at)
      .sort()
      .at(-1) ?? '';
  const distinct = (items: { day: string }[]) => [...new Set(items.map((item) => item.day))].sort();
  return {
    realDays: distinct(real),
    cleanDays: distinct(real.filter((item) => item.at > lastIncidentAt)),
    incidents,
  };
}
