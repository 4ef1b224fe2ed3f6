import { type Account, type BuyLeg, cashReserveUsd, costOf, fitBuys } from '@dalio-lite/core';
import type { PersistedPlannedOrder } from '@dalio-lite/state';
import type { CycleContext, CycleStop } from './cycle-context.ts';
import type { DayBook } from './day-book.ts';
import { errorAnswer, legState } from './leg-state.ts';
import { pendingBuyCostUsd } from './market-snapshot.ts';
import { awaitTerminal, ensurePlaced } from './order-placement.ts';

/**
 * Sells first; wait until they are terminal (or the deadline); re-read cash; fit the buys not yet sent to that
 * cash (durably, same client order ids); send them; wait again. Returns why it stopped early, or null.
 */
export async function executeLegs(context: CycleContext, book: DayBook): Promise<CycleStop | null> {
  const sells = book.record().plannedOrders.filter((order) => order.side === 'sell');
  for (const sell of sells) {
    const stop = await ensurePlaced(context, book, sell);
    if (stop) return stop;
  }
  await awaitTerminal(context, book, sells);
  await context.crash('after-sells-terminal');

  // Buys that may already exist (sent before a crash) are settled first, like the sells: only buys never sent
  // are resized, and those still open after the wait hold back the cash they will spend.
  const buys = () => book.record().plannedOrders.filter((order) => order.side === 'buy');
  const sentBefore = buys().filter((order) => !isUnsent(book, order));
  for (const buy of sentBefore) {
    const stop = await ensurePlaced(context, book, buy);
    if (stop) return stop;
  }
  await awaitTerminal(context, book, sentBefore);
  const unsent = buys().filter((order) => isUnsent(book, order));
  if (unsent.length > 0) await fitBuysToCash(context, book, unsent);
  await context.crash('after-buys-sized');

  for (const buy of buys()) {
    const stop = await ensurePlaced(context, book, buy);
    if (stop) return stop;
  }
  await awaitTerminal(context, book, buys());
  return null;
}

function isUnsent(book: DayBook, order: PersistedPlannedOrder): boolean {
  return legState(book.latestAnswer(order.clientOrderId)) === 'unsent';
}

/**
 * Fit the unsent buys to the cash re-read after the sells, less the plan's reserve and what our open buys will
 * still spend: core's `fitBuys`, the same rule the plan and the backtester use. Legs keep their planned size
 * while the cash pays for them; legs that no longer fit are recorded as skipped, with why.
 */
async function fitBuysToCash(
  context: CycleContext,
  book: DayBook,
  unsent: readonly PersistedPlannedOrder[],
): Promise<void> {
  const { plan } = context.settings;
  const { account, cashUsd } = await cashShowingFills(context, book);
  const record = book.record();
  // Intents written before the reserve was recorded fall back to the account's equity.
  const reserveUsd = record.reserveUsd ?? cashReserveUsd(account.equityUsd, plan);
  // Every open buy — ours sent before a crash and still working, or the owner's — will spend its cash.
  const open = (await context.broker.listOrders({ status: 'open', limit: 500 })).filter(
    (o) => o.side === 'buy',
  );
  const ours = [...new Set(unsent.map((order) => order.symbol))];
  const others = [...new Set(open.map((order) => order.symbol))].filter((symbol) => !ours.includes(symbol));
  const prices = [
    ...(await context.broker.getLatestPrices(ours)),
    // The owner's orders may be in symbols the data feed does not price (crypto, options): then their fills' price.
    ...(others.length > 0 ? await context.broker.getLatestPrices(others).catch(() => []) : []),
  ];
  const priceOf = (symbol: string) => prices.find((price) => price.symbol === symbol)?.priceUsd ?? 0;
  const allowance = 1 + (plan.buyPriceAllowance ?? 0);
  const outstandingUsd = pendingBuyCostUsd(open, (symbol) => priceOf(symbol) * allowance || null);
  const legs: BuyLeg[] = unsent
    .filter((order) => priceOf(order.symbol) > 0)
    .map((order) => ({
      symbol: order.symbol,
      amount: order.amount,
      // Whole shares cost what the market charges: size them with the allowance, as the plan did.
      priceUsd: priceOf(order.symbol) * (order.amount.kind === 'qty' ? allowance : 1),
      wantUsd: order.wantUsd ?? order.estimatedValueUsd,
    }));
  const availableUsd = cashUsd - reserveUsd - outstandingUsd;
  const fitted = fitBuys(legs, availableUsd, plan);
  const resized = unsent.flatMap((order): PersistedPlannedOrder[] => {
    const buy = fitted.buys.find((candidate) => candidate.symbol === order.symbol);
    return buy
      ? [{ ...order, amount: buy.amount, estimatedValueUsd: Math.round(buy.estimatedValueUsd * 100) / 100 }]
      : [];
  });
  await book.replacePlanned(resized);
  context.emit({
    type: 'buys-fitted',
    day: book.day,
    availableUsd,
    plannedUsd: legs.reduce((total, leg) => total + costOf(leg.amount, leg.priceUsd), 0),
    planned: unsent.map(({ symbol, amount }) => ({ symbol, amount })),
    fitted: resized.map(({ symbol, amount }) => ({ symbol, amount })),
  });
  const at = context.now().toISOString();
  for (const order of unsent) {
    if (resized.some((candidate) => candidate.clientOrderId === order.clientOrderId)) continue;
    const why =
      fitted.dropped.find((dropped) => dropped.symbol === order.symbol)?.reason ?? 'no price to size it';
    await book.recordAnswer(errorAnswer(order.clientOrderId, at, 'skipped', `not sent: ${why}`, false));
  }
}

/**
 * The account once its cash shows this day's fills — a read right after an order reports `filled` can still
 * show the cash from before it (Alpaca is eventually consistent) — and the cash to size the buys from. The
 * expected cash is the cash at the intent plus the proceeds of the filled sells less the cost of the filled
 * buys; reads are repeated through the lookup grace until the broker agrees. If it never does (a deposit, a
 * trade by hand), the lower of the two is used, so a read that lags a buy never spends the money twice.
 */
async function cashShowingFills(
  context: CycleContext,
  book: DayBook,
): Promise<{ account: Account; cashUsd: number }> {
  const record = book.record();
  const { pollIntervalMs, lookupGraceMs } = context.settings;
  let account = await context.broker.getAccount();
  if (record.cashAtIntentUsd === null) return { account, cashUsd: account.cashUsd };
  let expectedUsd = record.cashAtIntentUsd;
  let fills = 0;
  for (const order of record.plannedOrders) {
    const answer = book.latestAnswer(order.clientOrderId);
    const valueUsd = Math.round((answer?.filledQty ?? 0) * (answer?.filledAvgPriceUsd ?? 0) * 100) / 100;
    if (valueUsd === 0) continue;
    fills++;
    expectedUsd += order.side === 'sell' ? valueUsd : -valueUsd;
  }
  // Fills are booked in whole cents each; a partial fill may be booked in several.
  const toleranceUsd = 0.02 * (fills + 1);
  const attempts = Math.max(1, Math.ceil(lookupGraceMs / pollIntervalMs) + 1);
  for (let attempt = 1; Math.abs(account.cashUsd - expectedUsd) > toleranceUsd; attempt++) {
    if (attempt >= attempts || context.signal?.aborted) {
      context.emit({
        type: 'warning',
        message: `the broker shows cash ${account.cashUsd.toFixed(2)}, expected ${expectedUsd.toFixed(2)} after this day's fills; sizing the buys from the lower`,
      });
      return { account, cashUsd: Math.min(account.cashUsd, expectedUsd) };
    }
    await context.sleep(pollIntervalMs);
    account = await context.broker.getAccount();
  }
  return { account, cashUsd: account.cashUsd };
}
