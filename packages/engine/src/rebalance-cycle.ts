import { checkPlanRisk, evaluateRebalance, newYorkDate, type PolicyDecision } from '@dalio-lite/core';
import { type DayRecord, initialStatePayload, type PersistedPlannedOrder } from '@dalio-lite/state';
import { clientOrderId } from './client-order-id.ts';
import type { CycleContext } from './cycle-context.ts';
import { checkAccount, checkAndPersistBreakers, checkHalt, checkMarketClock } from './cycle-guards.ts';
import type { CycleCode, CycleReport } from './cycle-report.ts';
import { allLegsSettled, closingStatus, type DayBook, openDayBook } from './day-book.ts';
import { executeLegs } from './execute-legs.ts';
import { takeSnapshot } from './market-snapshot.ts';
import { findUnknownOwnOrders, reconcileOpenDays } from './reconcile.ts';

/** Options of one cycle. */
export interface CycleOptions {
  /** Ignore the bands and the minimum days (never the lock, the halt or the once-per-day guard). */
  force?: boolean;
  /** With `force`: trade again on a day that already traded (a new attempt with new client order ids). */
  again?: boolean;
}

/** The cycle body, run with the lock held. `report` accumulates what happened. */
export async function runLockedCycle(
  context: CycleContext,
  options: CycleOptions,
  report: CycleReport,
): Promise<void> {
  const loaded = await context.store.load();
  if (!loaded) await context.store.save(initialStatePayload());
  await context.crash('after-state-load');

  const clock = await context.broker.getClock();
  const day = newYorkDate(clock.timestamp);
  report.day = day;

  report.notes.push(...(await reconcileOpenDays(context, day)), ...(await findUnknownOwnOrders(context)));
  await context.crash('after-reconcile');

  const payload = (await context.store.load())?.payload;
  if (!payload) throw new Error('state vanished after it was written');
  const halt = checkHalt(payload);
  if (halt.refuse) return refuse(report, 'halted', halt.reason);

  const today = payload.days[day];
  if (today?.status === 'intent') {
    // An earlier run of today left its intent open: finish it with the same orders and ids.
    const market = checkMarketClock(clock, context.settings.closeBufferMinutes);
    const book = openDayBook(context.store, today, context.now);
    if (market.refuse) {
      // Stable wording (no clock time in it), so a retried cycle records it once.
      await book.addReasons([
        `not finished on ${day}: the market closed or is about to; the next run reconciles it`,
      ]);
      return finish(context, report, book, 'continued an open intent');
    }
    await executeLegs(context, book);
    return finish(context, report, book, 'continued an open intent');
  }
  if (today && !(options.force && options.again)) {
    report.outcome = 'hold';
    report.code = 'already-rebalanced';
    report.reason = `Already rebalanced on ${day} (status ${today.status}); at most one rebalance per trading day (use --force --again to override)`;
    return;
  }

  const market = checkMarketClock(clock, context.settings.closeBufferMinutes);
  if (market.refuse) return refuse(report, 'market-closed', market.reason);

  const snapshot = await takeSnapshot(context.broker, context.settings, clock);
  const account = checkAccount(snapshot.account);
  if (account.refuse) return refuse(report, 'account-blocked', account.reason);
  const breakers = await checkAndPersistBreakers(context, snapshot.account);
  if (breakers.refuse) return refuse(report, 'breaker', breakers.reason);

  const evaluation = evaluateRebalance({
    snapshot: snapshot.snapshot,
    targets: context.settings.targets,
    policy: context.settings.policy,
    plan: { ...context.settings.plan, wholeShareSymbols: snapshot.wholeShareSymbols },
    today: day,
    lastRebalanceDay: payload.lastRebalance?.day ?? null,
    force: options.force ?? false,
  });
  report.decision = evaluation.decision;
  context.emit({ type: 'decision', day, decision: evaluation.decision });
  if (evaluation.decision.kind === 'hold' || !evaluation.plan) {
    report.outcome = 'hold';
    report.code = 'within-policy';
    report.reason = evaluation.decision.reason;
    return;
  }
  const risk = checkPlanRisk(
    evaluation.plan,
    Object.fromEntries(
      snapshot.snapshot.holdings.map((holding) => [holding.symbol, holding.qty * holding.priceUsd]),
    ),
    context.settings.risk,
  );
  if (risk.kind === 'block')
    return refuse(report, 'risk-limit', `Risk limits block this rebalance: ${risk.reasons.join('; ')}`);

  const attempt = today ? today.attempt + 1 : 0;
  const planned = [...evaluation.plan.sells, ...evaluation.plan.buys].map(
    (order): PersistedPlannedOrder => ({
      clientOrderId: clientOrderId(
        context.settings.clientOrderIdPrefix,
        day,
        attempt,
        order.symbol,
        order.side,
      ),
      symbol: order.symbol,
      side: order.side,
      amount: order.amount,
      estimatedValueUsd: Math.round(order.estimatedValueUsd * 100) / 100,
    }),
  );
  const book = await writeIntent(context, day, attempt, planned, evaluation.decision);
  await executeLegs(context, book);
  return finish(context, report, book, evaluation.decision.reason);
}

async function writeIntent(
  context: CycleContext,
  day: string,
  attempt: number,
  planned: PersistedPlannedOrder[],
  decision: PolicyDecision,
): Promise<DayBook> {
  await context.crash('before-intent-write');
  const at = context.now().toISOString();
  const record: DayRecord = {
    day,
    status: 'intent',
    attempt,
    plannedOrders: planned,
    brokerAnswers: [],
    reasons: [decision.reason],
    startedAt: at,
    updatedAt: at,
    finishedAt: null,
  };
  await context.store.update((payload) => ({ ...payload, days: { ...payload.days, [day]: record } }));
  context.emit({ type: 'intent-written', day, attempt, orders: planned.length });
  await context.crash('after-intent-write');
  return openDayBook(context.store, record, context.now);
}

/** Close the day if every leg has a final answer; otherwise leave the intent open for the next run. */
async function finish(
  context: CycleContext,
  report: CycleReport,
  book: DayBook,
  reason: string,
): Promise<void> {
  report.orders = book.record().plannedOrders;
  if (!allLegsSettled(book)) {
    report.outcome = 'partial';
    report.code = 'orders-open';
    report.reason = `${reason}; some orders are still open or unconfirmed at the broker, the next run will finish the record`;
    report.answers = book.record().brokerAnswers;
    return;
  }
  const { status, reasons } = closingStatus(book);
  await context.crash('before-commit');
  const at = context.now().toISOString();
  // One durable write closes the day and, when it committed, moves the last rebalance with it.
  await book.close(status, reasons, at);
  await context.crash('after-commit');
  report.outcome = status;
  report.code = status === 'failed' ? 'error' : 'traded';
  report.reason = status === 'committed' ? reason : `${reason}; ${reasons.join('; ')}`;
  report.answers = book.record().brokerAnswers;
  report.notes.push(...reasons);
}

function refuse(report: CycleReport, code: CycleCode, reason: string): void {
  report.outcome = 'refused';
  report.code = code;
  report.reason = reason;
}
