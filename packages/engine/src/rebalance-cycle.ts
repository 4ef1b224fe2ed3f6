import { type BreakerOutcome, newYorkDate } from '@dalio-lite/core';
import { type DayRecord, initialStatePayload } from '@dalio-lite/state';
import { type CycleContext, type CycleStop, dayBookFence } from './cycle-context.ts';
import { type CycleDecision, decideCycle, policyDecisionOf } from './cycle-decision.ts';
import { checkAccountBinding } from './cycle-guards.ts';
import type { CycleResult } from './cycle-report.ts';
import { type DayBook, openDayBook, writeDayRecord } from './day-book.ts';
import { clockAsUsed, tradeAsCarriedOut } from './deliberate-bugs.ts';
import { executeLegs } from './execute-legs.ts';
import { allLegsSettled, closingStatus, legState } from './leg-state.ts';
import { readMarketSnapshot } from './market-snapshot.ts';
import { findUnknownOwnOrders, reconcileOpenDays } from './reconcile.ts';
import { withCapitalCap } from './trading-gate.ts';

/** Options of one cycle. */
export interface CycleOptions {
  /** Ignore the bands and the minimum days (never the lock, the halt or the once-per-day guard). */
  force?: boolean;
  /** With `force`: trade again on a day that already traded (a new attempt with new client order ids). */
  again?: boolean;
  /** Aborting stops the cycle before its next order and ends its waits; the next run finishes the day. */
  signal?: AbortSignal;
}

/**
 * The cycle body, run with the lock held: read (state, clock, account, earlier days, snapshot), decide with the
 * one pure decision function, then carry the decision out. Returns what happened as a value.
 */
export async function runLockedCycle(outer: CycleContext, options: CycleOptions): Promise<CycleResult> {
  // A first run writes the initial state, but never over one another process created meanwhile.
  const initial = (await outer.store.load()) ?? (await outer.store.initialize(initialStatePayload()));
  await outer.crash('after-state-load');

  const clock = clockAsUsed(outer.deliberateBug, await outer.broker.getClock(), outer.now);
  const day = newYorkDate(clock.timestamp);
  const account = await outer.broker.getAccount();
  // The account is checked before anything is reconciled: another account's orders are not ours to close.
  const binding = checkAccountBinding(initial.payload.account, outer.broker.venue, account.id);
  if (binding.refuse) return outcomeOf(day, 'refused', binding.code, binding.reason);
  // The gate (pin, live gate, tier) decides before anything is bound, reconciled or sent.
  const gate = (await outer.gate?.beforeCycle({ venue: outer.broker.venue, account })) ?? null;
  if (gate?.kind === 'refuse') return outcomeOf(day, 'refused', gate.code, gate.reason);
  const context: CycleContext =
    gate === null ? outer : { ...outer, settings: withCapitalCap(outer.settings, gate.capitalCapUsd) };
  if (initial.payload.account === null) await bindAccount(context, account.id);

  const reconciled = await reconcileOpenDays(context, day, clock);
  const notes = [...reconciled.notes, ...(await findUnknownOwnOrders(context))];
  await context.crash('after-reconcile');

  // Nothing was reconciled, so nothing traded or was canceled since the account was read: reuse it.
  const unchanged = reconciled.notes.length === 0;
  const snapshot = await readMarketSnapshot(context.broker, context.settings, clock, {
    ...(unchanged ? { account } : {}),
    getAsset: context.assets.forDay(day),
    sleep: context.sleep,
  });
  notes.push(...snapshot.notes);
  const payload = (await context.store.load())?.payload ?? initial.payload;
  const decision = decideCycle({
    payload,
    venue: context.broker.venue,
    clock,
    snapshot,
    settings: context.settings,
    force: options.force ?? false,
    again: options.again ?? false,
    openEarlierOrders: reconciled.stillOpen,
  });
  await persistBreakers(context, decision.breakers);
  context.emit({ type: 'decision', day, kind: decision.kind, reason: decision.reason });
  const policy = policyDecisionOf(decision);
  const base = { ...outcomeOf(day, 'hold', 'within-policy', decision.reason), decision: policy, notes };

  switch (decision.kind) {
    case 'refuse': {
      const open = payload.days[day];
      if (open?.status === 'intent') {
        const reason =
          decision.code === 'market-closed'
            ? `not finished on ${day}: the market closed or is about to; the next run reconciles it`
            : `not continued on ${day}: ${decision.reason}`;
        await openDayBook(context.store, open, dayBookFence(context)).addReasons([reason]);
      }
      return { ...base, outcome: 'refused', code: decision.code };
    }
    case 'hold':
      return { ...base, code: decision.code };
    case 'continue-intent': {
      const book = openDayBook(context.store, decision.record, dayBookFence(context));
      return finish(context, book, decision.reason, await executeLegs(context, book), base);
    }
    case 'trade': {
      const carried = await tradeAsCarriedOut(context, decision);
      const book = await writeIntent(context, payload.days[day], carried.decision);
      await carried.afterIntent(book);
      return finish(context, book, decision.reason, await executeLegs(context, book), base);
    }
  }
}

/** A result with nothing traded. */
function outcomeOf(
  day: string,
  outcome: CycleResult['outcome'],
  code: CycleResult['code'],
  reason: string,
): CycleResult {
  return { outcome, code, day, reason, decision: null, orders: [], answers: [], notes: [] };
}

async function bindAccount(context: CycleContext, accountId: string): Promise<void> {
  const since = context.now().toISOString();
  await context.store.update((payload) =>
    payload.account ? payload : { ...payload, account: { venue: context.broker.venue, accountId, since } },
  );
}

/** Persist what the breaker check changed (high-water mark, newly tripped breakers) so a trip survives a restart. */
async function persistBreakers(context: CycleContext, outcome: BreakerOutcome | null): Promise<void> {
  if (!outcome) return;
  const loaded = await context.store.load();
  const changed =
    outcome.highWaterMarkUsd !== loaded?.payload.highWaterMarkUsd || outcome.newlyTripped.length > 0;
  if (changed) {
    await context.store.update((current) => ({
      ...current,
      highWaterMarkUsd: Math.max(current.highWaterMarkUsd ?? 0, outcome.highWaterMarkUsd),
      breakers: {
        dailyLoss: current.breakers.dailyLoss ?? outcome.breakers.dailyLoss,
        drawdown: current.breakers.drawdown ?? outcome.breakers.drawdown,
      },
    }));
  }
  for (const breaker of outcome.newlyTripped) {
    const tripped = outcome.breakers[breaker];
    if (tripped) context.emit({ type: 'breaker-tripped', breaker, reason: tripped.reason });
  }
}

async function writeIntent(
  context: CycleContext,
  expected: DayRecord | undefined,
  decision: Extract<CycleDecision, { kind: 'trade' }>,
): Promise<DayBook> {
  await context.crash('before-intent-write');
  const at = context.now().toISOString();
  const record: DayRecord = {
    day: decision.day,
    status: 'intent',
    attempt: decision.attempt,
    plannedOrders: decision.orders,
    brokerAnswers: [],
    reasons: [decision.reason],
    reserveUsd: decision.evaluation.plan.reserveUsd,
    cashAtIntentUsd: decision.cashUsd,
    startedAt: at,
    updatedAt: at,
    finishedAt: null,
  };
  const book = await writeDayRecord(context.store, expected, record, dayBookFence(context));
  context.emit({
    type: 'intent-written',
    day: decision.day,
    attempt: decision.attempt,
    orders: record.plannedOrders.length,
  });
  await context.crash('after-intent-write');
  return book;
}

/** Close the day if every leg has a final answer; otherwise leave the intent open for the next run. */
async function finish(
  context: CycleContext,
  book: DayBook,
  reason: string,
  stop: CycleStop | null,
  base: CycleResult,
): Promise<CycleResult> {
  const traded = { ...base, orders: book.record().plannedOrders };
  if (!allLegsSettled(book.record())) {
    if (stop) await book.addReasons([stop.recordReason]);
    const anySent = book
      .record()
      .plannedOrders.some((order) => legState(book.latestAnswer(order.clientOrderId)) !== 'unsent');
    return {
      ...traded,
      outcome: stop && !anySent ? 'refused' : 'partial',
      code: stop ? stop.code : 'orders-open',
      reason: stop
        ? `${reason}; ${stop.reason}`
        : `${reason}; some orders are still open or unconfirmed at the broker, the next run will finish the record`,
      answers: book.record().brokerAnswers,
    };
  }
  const { status, reasons } = closingStatus(book.record());
  await context.crash('before-commit');
  // One durable write closes the day and, when it committed, moves the last rebalance with it.
  await book.close(status, reasons, context.now().toISOString());
  await context.crash('after-commit');
  return {
    ...traded,
    outcome: status,
    code: status === 'failed' ? 'error' : 'traded',
    reason: status === 'committed' ? reason : `${reason}; ${reasons.join('; ')}`,
    answers: book.record().brokerAnswers,
    notes: [...base.notes, ...reasons],
  };
}
