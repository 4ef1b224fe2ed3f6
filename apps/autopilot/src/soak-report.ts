import type { SimOrder } from '@dalio-lite/broker';
import { isTerminalOrderStatus, newYorkDate } from '@dalio-lite/core';
import type { CycleOutcome, DayRecord, HistoryEntry } from '@dalio-lite/state';
import type { SoakScenarioKind } from './soak-profile.ts';

/** The rollout plan's paper-phase gate (seeds/002, phase 3): what a soak must meet to pass. */
export const SOAK_THRESHOLDS = {
  healthGreenRatio: 0.95,
  apiErrorRatio: 0.05,
  orderFailureRatio: 0.02,
} as const;

/** How one injected scenario went. */
export interface ScenarioResult {
  kind: SoakScenarioKind;
  day: string;
  handled: boolean;
  detail: string;
}

/** Everything the soak observed, before it is judged. */
export interface SoakObservations {
  profile: string;
  seed: number;
  speed: number;
  /** Trading days the run covered, in order. */
  days: readonly string[];
  /** Our orders in the simulator's own ledger. */
  orders: readonly SimOrder[];
  /** Our submissions the simulator refused outright (they never reached its ledger). */
  refusedSubmissions: number;
  /** The day records of the state and the cycles of the history, as the run left them. */
  stateDays: Readonly<Record<string, DayRecord>>;
  history: readonly HistoryEntry[];
  dayOutcomes: ReadonlyMap<string, { outcome: string; code: string | null; reason: string }>;
  apiRequests: number;
  apiErrors: number;
  throttled: number;
  healthSamples: readonly { at: string; status: string; failing: readonly string[] }[];
  crashes: number;
  unhandledCrashes: number;
  daemonRestarts: number;
  /** Share of broker time a daemon process was running. */
  uptimeRatio: number;
  problems: ReadonlyMap<string, number>;
  scenarios: readonly ScenarioResult[];
}

/** The soak's report (`--json` prints it as is; the Markdown says the same for people). */
export interface SoakReport {
  profile: string;
  seed: number;
  speed: number;
  days: number;
  firstDay: string | null;
  lastDay: string | null;
  cycles: number;
  cyclesByOutcome: Record<string, number>;
  dayOutcomes: Record<string, number>;
  orders: number;
  /** Our orders at the broker plus our submissions it refused outright. */
  ordersAttempted: number;
  ordersFailed: number;
  duplicateOrders: number;
  unknownOrders: number;
  doubleRebalances: number;
  undetectedPartialFailures: number;
  crashes: number;
  unhandledCrashes: number;
  daemonRestarts: number;
  uptimeRatio: number;
  healthSamples: number;
  healthGreenRatio: number;
  /** Health checks that were not ok, by name, counted over the samples, with the last reason given. */
  healthNotOk: Record<string, { samples: number; lastReason: string }>;
  apiRequests: number;
  apiErrors: number;
  apiErrorRatio: number;
  throttled: number;
  orderFailureRatio: number;
  /** Trading days the autopilot ran no cycle on (each is a failure, whatever the faults). */
  missedDays: string[];
  errorsByKind: Record<string, number>;
  reconciliationNotes: string[];
  recoveries: ScenarioResult[];
  thresholds: typeof SOAK_THRESHOLDS;
  verdict: 'PASS' | 'FAIL';
  causes: string[];
}

const attemptOf = (id: string) => /-a(\d+)-/.exec(id)?.[1] ?? '?';
const brokerDay = (order: SimOrder) => newYorkDate(order.createdAt);

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** The checks that were not ok over the samples (`name: reason` each), by name. */
function notOkChecks(samples: SoakObservations['healthSamples']): SoakReport['healthNotOk'] {
  const checks: SoakReport['healthNotOk'] = {};
  for (const line of samples.flatMap((sample) => sample.failing)) {
    const [name = line, ...reason] = line.split(': ');
    checks[name] = { samples: (checks[name]?.samples ?? 0) + 1, lastReason: reason.join(': ') };
  }
  return checks;
}

/** Judge what the soak observed: counts from the simulator's ledger, the verdict against the rollout gate. */
export function buildSoakReport(seen: SoakObservations): SoakReport {
  const { orders } = seen;
  const byKey = new Map<string, number>();
  const attemptsByDay = new Map<string, Set<string>>();
  for (const order of orders) {
    const key = `${brokerDay(order)} ${attemptOf(order.clientOrderId)} ${order.side} ${order.symbol}`;
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
    const attempts = attemptsByDay.get(brokerDay(order)) ?? new Set();
    attempts.add(attemptOf(order.clientOrderId));
    attemptsByDay.set(brokerDay(order), attempts);
  }
  const duplicateOrders = [...byKey.values()].reduce((sum, n) => sum + n - 1, 0);
  const doubleRebalances = [...attemptsByDay.values()].filter((attempts) => attempts.size > 1).length;
  const known = new Set<string>();
  for (const record of Object.values(seen.stateDays))
    for (const o of record.plannedOrders) known.add(o.clientOrderId);
  for (const entry of seen.history) for (const o of entry.orders) known.add(o.clientOrderId);
  const unknownOrders = orders.filter((order) => !known.has(order.clientOrderId)).length;
  // A day the state calls committed whose orders the broker did not fill in full is a partial failure nobody saw.
  const ledger = new Map(orders.map((order) => [order.clientOrderId, order]));
  const undetectedPartialFailures = Object.values(seen.stateDays).filter(
    (record) =>
      record.status === 'committed' &&
      record.plannedOrders.some((planned) => ledger.get(planned.clientOrderId)?.status !== 'filled'),
  ).length;
  const failed = orders.filter(
    (order) => isTerminalOrderStatus(order.status) && order.status !== 'filled' && order.filledQty === 0,
  ).length;
  const ordersFailed = failed + seen.refusedSubmissions;
  const attempted = orders.length + seen.refusedSubmissions;
  const green = seen.healthSamples.filter((sample) => sample.status === 'ok').length;
  const healthGreenRatio = seen.healthSamples.length === 0 ? 1 : green / seen.healthSamples.length;
  const apiErrorRatio = seen.apiRequests === 0 ? 0 : seen.apiErrors / seen.apiRequests;
  const orderFailureRatio = attempted === 0 ? 0 : ordersFailed / attempted;
  const missingDays = seen.days.filter((day) => !seen.dayOutcomes.has(day));
  const missedDays = seen.days.filter((day) => seen.dayOutcomes.get(day)?.outcome === 'missed');
  const report: Omit<SoakReport, 'verdict' | 'causes'> = {
    profile: seen.profile,
    seed: seen.seed,
    speed: seen.speed,
    days: seen.days.length,
    firstDay: seen.days[0] ?? null,
    lastDay: seen.days.at(-1) ?? null,
    cycles: seen.history.length,
    cyclesByOutcome: tally(seen.history.map((entry) => entry.outcome satisfies CycleOutcome)),
    dayOutcomes: tally([...seen.dayOutcomes.values()].map((day) => day.outcome)),
    orders: orders.length,
    ordersAttempted: attempted,
    ordersFailed,
    duplicateOrders,
    unknownOrders,
    doubleRebalances,
    undetectedPartialFailures,
    crashes: seen.crashes,
    unhandledCrashes: seen.unhandledCrashes,
    daemonRestarts: seen.daemonRestarts,
    uptimeRatio: seen.uptimeRatio,
    healthSamples: seen.healthSamples.length,
    healthGreenRatio,
    healthNotOk: notOkChecks(seen.healthSamples),
    apiRequests: seen.apiRequests,
    apiErrors: seen.apiErrors,
    apiErrorRatio,
    throttled: seen.throttled,
    orderFailureRatio,
    missedDays,
    errorsByKind: Object.fromEntries(seen.problems),
    reconciliationNotes: [...new Set(seen.history.flatMap((entry) => entry.reconciliationNotes))],
    recoveries: [...seen.scenarios],
    thresholds: SOAK_THRESHOLDS,
  };
  const pct = (ratio: number) => `${(ratio * 100).toFixed(2)} %`;
  const causes = [
    duplicateOrders > 0 ? `${duplicateOrders} duplicate orders at the broker` : '',
    unknownOrders > 0
      ? `${unknownOrders} orders at the broker that neither the state nor the history knows`
      : '',
    doubleRebalances > 0 ? `${doubleRebalances} trading days rebalanced twice` : '',
    undetectedPartialFailures > 0
      ? `${undetectedPartialFailures} days recorded committed whose orders did not all fill`
      : '',
    seen.unhandledCrashes > 0 ? `${seen.unhandledCrashes} daemon exits nobody asked for` : '',
    healthGreenRatio < SOAK_THRESHOLDS.healthGreenRatio
      ? `health green ${pct(healthGreenRatio)} of the time, below ${pct(SOAK_THRESHOLDS.healthGreenRatio)}`
      : '',
    apiErrorRatio >= SOAK_THRESHOLDS.apiErrorRatio
      ? `API error rate ${pct(apiErrorRatio)}, not below ${pct(SOAK_THRESHOLDS.apiErrorRatio)}`
      : '',
    orderFailureRatio >= SOAK_THRESHOLDS.orderFailureRatio
      ? `order failure rate ${pct(orderFailureRatio)}, not below ${pct(SOAK_THRESHOLDS.orderFailureRatio)}`
      : '',
    missedDays.length > 0
      ? `${missedDays.length} trading days missed (no cycle): ${missedDays.map((day) => `${day} (${seen.dayOutcomes.get(day)?.reason ?? ''})`).join('; ')}`
      : '',
    missingDays.length > 0 ? `no outcome for trading days ${missingDays.join(', ')}` : '',
    ...seen.scenarios.filter((s) => !s.handled).map((s) => `${s.kind} on ${s.day} not handled: ${s.detail}`),
  ].filter(Boolean);
  return { ...report, verdict: causes.length === 0 ? 'PASS' : 'FAIL', causes };
}

/** The report for people. */
export function describeSoakReport(report: SoakReport): string {
  const pct = (ratio: number) => `${(ratio * 100).toFixed(2)} %`;
  const mark = (ok: boolean) => (ok ? 'ok' : '**FAIL**');
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `${key} ${n}`)
      .join(', ') || 'none';
  const t = report.thresholds;
  return [
    `# Dalio Lite soak: ${report.verdict}`,
    '',
    `${report.days} trading days (${report.firstDay} to ${report.lastDay}) on the simulator, fault profile \`${report.profile}\`, seed ${report.seed}, ${report.speed}× time.`,
    '',
    ...(report.causes.length > 0 ? ['## Why it failed', '', ...report.causes.map((c) => `- ${c}`), ''] : []),
    '## The gate (rollout plan, paper phase)',
    '',
    '| Check | Value | Threshold | |',
    '| --- | --- | --- | --- |',
    `| Duplicate orders (simulator ledger) | ${report.duplicateOrders} | 0 | ${mark(report.duplicateOrders === 0)} |`,
    `| Orders the state does not know | ${report.unknownOrders} | 0 | ${mark(report.unknownOrders === 0)} |`,
    `| Double rebalances | ${report.doubleRebalances} | 0 | ${mark(report.doubleRebalances === 0)} |`,
    `| Undetected partial failures | ${report.undetectedPartialFailures} | 0 | ${mark(report.undetectedPartialFailures === 0)} |`,
    `| Unhandled crashes | ${report.unhandledCrashes} | 0 | ${mark(report.unhandledCrashes === 0)} |`,
    `| Missed trading days | ${report.missedDays.length} | 0 | ${mark(report.missedDays.length === 0)} |`,
    `| Health green | ${pct(report.healthGreenRatio)} of ${report.healthSamples} samples | ≥ ${pct(t.healthGreenRatio)} | ${mark(report.healthGreenRatio >= t.healthGreenRatio)} |`,
    `| API error rate | ${pct(report.apiErrorRatio)} (${report.apiErrors} of ${report.apiRequests}) | < ${pct(t.apiErrorRatio)} | ${mark(report.apiErrorRatio < t.apiErrorRatio)} |`,
    `| Order failure rate | ${pct(report.orderFailureRatio)} (${report.ordersFailed} of ${report.ordersAttempted}) | < ${pct(t.orderFailureRatio)} | ${mark(report.orderFailureRatio < t.orderFailureRatio)} |`,
    '',
    '## Scenarios',
    '',
    ...(report.recoveries.length > 0
      ? report.recoveries.map(
          (s) => `- ${s.handled ? 'handled' : '**NOT handled**'}: ${s.kind} on ${s.day} — ${s.detail}`,
        )
      : ['- none (profile `none`)']),
    '',
    '## Activity',
    '',
    `- Health checks not ok: ${Object.keys(report.healthNotOk).length === 0 ? 'none' : ''}`,
    ...Object.entries(report.healthNotOk).map(
      ([name, check]) => `  - ${name}: ${check.samples} samples; last: ${check.lastReason}`,
    ),
    `- Uptime: daemon running ${pct(report.uptimeRatio)} of the time; ${report.crashes} injected crashes, ${report.daemonRestarts} restarts`,
    `- Trading days: ${counts(report.dayOutcomes)}`,
    `- Cycles: ${report.cycles} (${counts(report.cyclesByOutcome)})`,
    `- Orders: ${report.orders} at the broker, ${report.ordersFailed} failed; ${report.throttled} requests throttled (429)`,
    `- Errors by kind (daemon log): ${counts(report.errorsByKind)}`,
    `- Reconciliation notes: ${report.reconciliationNotes.length === 0 ? 'none' : ''}`,
    ...report.reconciliationNotes.map((note) => `  - ${note}`),
  ].join('\n');
}
