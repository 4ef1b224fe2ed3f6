import { type BuyLeg, cashReserveUsd, costOf, fitBuys } from '@dalio-lite/core';
import type { PersistedPlannedOrder } from '@dalio-lite/state';
import type { CycleContext, CycleStop } from './cycle-context.ts';
import type { DayBook } from './day-book.ts';
import { errorAnswer, legState } from './leg-state.ts';
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
  const account = await context.broker.getAccount();
  const record = book.record();
  // Intents written before the reserve was recorded fall back to the account's equity.
  const reserveUsd = record.reserveUsd ?? cashReserveUsd(account.equityUsd, plan);
  const symbols = [...new Set(record.plannedOrders.filter((o) => o.side === 'buy').map((o) => o.symbol))];
  const prices = await context.broker.getLatestPrices(symbols);
  const priceOf = (symbol: string) => prices.find((price) => price.symbol === symbol)?.priceUsd ?? 0;
  const outstandingUsd = record.plannedOrders
    .filter((order) => order.side === 'buy' && legState(book.latestAnswer(order.clientOrderId)) === 'open')
    .reduce((total, order) => {
      const answer = book.latestAnswer(order.clientOrderId);
      const spentUsd = (answer?.filledQty ?? 0) * (answer?.filledAvgPriceUsd ?? 0);
      return total + Math.max(0, costOf(order.amount, priceOf(order.symbol)) - spentUsd);
    }, 0);
  const legs: BuyLeg[] = unsent
    .filter((order) => priceOf(order.symbol) > 0)
    .map((order) => ({
      symbol: order.symbol,
      amount: order.amount,
      priceUsd: priceOf(order.symbol),
      wantUsd: order.wantUsd ?? order.estimatedValueUsd,
    }));
  const availableUsd = account.cashUsd - reserveUsd - outstandingUsd;
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
