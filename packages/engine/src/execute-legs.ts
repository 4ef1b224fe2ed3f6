import { type BuyWant, scaleBuys } from '@dalio-lite/core';
import type { PersistedPlannedOrder } from '@dalio-lite/state';
import type { CycleContext } from './cycle-context.ts';
import { type DayBook, errorAnswer, legState } from './day-book.ts';
import { awaitTerminal, ensurePlaced } from './order-placement.ts';

/**
 * Sells first; wait until they are terminal (or the deadline); re-read cash; resize the buys not yet sent
 * to that cash (durably, same client order ids); send them; wait again.
 */
export async function executeLegs(context: CycleContext, book: DayBook): Promise<void> {
  const sells = book.record().plannedOrders.filter((order) => order.side === 'sell');
  for (const sell of sells) await ensurePlaced(context, book, sell);
  await awaitTerminal(context, book, sells);
  await context.crash('after-sells-terminal');

  // Only buys never sent are resized: a buy with a sending marker may exist at the broker as it was sent.
  const unsentBuys = book
    .record()
    .plannedOrders.filter(
      (order) => order.side === 'buy' && legState(book.latestAnswer(order.clientOrderId)) === 'unsent',
    );
  if (unsentBuys.length > 0) await resizeBuys(context, book, unsentBuys);
  await context.crash('after-buys-sized');

  const buys = book.record().plannedOrders.filter((order) => order.side === 'buy');
  for (const buy of buys) await ensurePlaced(context, book, buy);
  await awaitTerminal(context, book, buys);
}

async function resizeBuys(
  context: CycleContext,
  book: DayBook,
  buys: readonly PersistedPlannedOrder[],
): Promise<void> {
  const account = await context.broker.getAccount();
  const { plan } = context.settings;
  const reserveUsd = plan.cashReserveUsd + plan.cashReservePct * account.equityUsd;
  const availableUsd = Math.max(0, account.cashUsd - reserveUsd);
  const prices = await context.broker.getLatestPrices(buys.map((buy) => buy.symbol));
  const wants: BuyWant[] = buys.map((buy) => ({
    symbol: buy.symbol,
    valueUsd: buy.estimatedValueUsd,
    priceUsd: prices.find((price) => price.symbol === buy.symbol)?.priceUsd ?? 0,
  }));
  const whole = new Set(buys.filter((buy) => buy.amount.kind === 'qty').map((buy) => buy.symbol));
  const dropped: Parameters<typeof scaleBuys>[3] = [];
  const sized = scaleBuys(
    wants.filter((want) => want.priceUsd > 0),
    availableUsd,
    { minTradeUsd: plan.minTradeUsd, wholeShareSymbols: whole },
    dropped,
  );
  const resized = buys.flatMap((buy): PersistedPlannedOrder[] => {
    const order = sized.find((candidate) => candidate.symbol === buy.symbol);
    return order
      ? [{ ...buy, amount: order.amount, estimatedValueUsd: Math.round(order.estimatedValueUsd * 100) / 100 }]
      : [];
  });
  await book.replacePlanned(resized);
  const at = context.now().toISOString();
  for (const buy of buys) {
    if (resized.some((order) => order.clientOrderId === buy.clientOrderId)) continue;
    const why = dropped.find((order) => order.symbol === buy.symbol)?.reason ?? 'no price to size it';
    await book.recordAnswer(errorAnswer(buy.clientOrderId, at, 'skipped', `not sent: ${why}`, false));
  }
}
