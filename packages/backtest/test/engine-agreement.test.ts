import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createHistoryPriceFeed,
  createSimClock,
  createSimulator,
  createSimulatorBroker,
  type Simulator,
} from '@dalio-lite/broker';
import {
  DEFAULT_PLAN_OPTIONS,
  DEFAULT_POLICY,
  DEFAULT_RISK_LIMITS,
  marketSession,
  newYorkInstant,
  type OrderAmount,
  PRESETS,
  type RebalancePolicy,
} from '@dalio-lite/core';
import { createRebalanceEngine, DEFAULT_ENGINE_TIMING } from '@dalio-lite/engine';
import { alignPriceHistory, loadPriceHistory, type PriceHistory } from '@dalio-lite/market-data';
import {
  createHeartbeat,
  createRebalanceHistory,
  createRebalanceLock,
  createStateStore,
} from '@dalio-lite/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBacktestSettings } from '../src/backtest-settings.ts';
import { type PriceTable, slicePriceTable } from '../src/price-table.ts';
import { replayBacktest } from '../src/replay.ts';

const FROM = '2023-01-03';
const TO = '2023-12-29';
const START_CASH_USD = 100_000;
const TARGETS = PRESETS['dalio-lite'].targets;
const SYMBOLS = Object.keys(TARGETS).sort();
const PLAN = { ...DEFAULT_PLAN_OPTIONS, cashReserveUsd: 250, cashReservePct: 0.005, minTradeUsd: 100 };
/** A policy that trades often (monthly calendar, tight bands) so many rebalances are compared, not two. */
const BUSY_POLICY: RebalancePolicy = {
  absoluteBand: 0.02,
  relativeBand: 0.1,
  calendar: 'monthly',
  minDaysBetween: 7,
};

/** One trading day as one side saw it: the decision and the orders as sent to the broker. */
interface DaySeen {
  date: string;
  kind: 'hold' | 'trade';
  code: string;
  orders: { symbol: string; side: string; amount: OrderAmount }[];
}

/** What a side ended the year with. */
interface YearEnd {
  days: DaySeen[];
  cashUsd: number;
  qty: Record<string, number>;
}

const stateDirs: string[] = [];
let history: PriceHistory;
let table: PriceTable;

beforeAll(async () => {
  // The simulator quotes and fills at prices rounded to 4 decimals; history at that precision is the same
  // history for both sides, so a fill's price is exactly the close the backtester fills at.
  history = roundedHistory(await loadPriceHistory({ symbols: SYMBOLS }));
  table = slicePriceTable(alignPriceHistory(history, SYMBOLS), { from: FROM, to: TO });
});

afterAll(async () => {
  await Promise.all(stateDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.each([
  { name: 'the default policy', policy: DEFAULT_POLICY, minTrades: 2 },
  { name: 'a monthly policy with tight bands', policy: BUSY_POLICY, minTrades: 12 },
])('engine on the simulator vs backtester over 2023 (real history), $name', ({ policy, minTrades }) => {
  let engine: YearEnd;
  let backtest: YearEnd;

  beforeAll(async () => {
    backtest = runBacktester(policy);
    engine = await runEngine(policy);
  }, 60_000);

  it('decides the same on every trading day: hold or trade, with the same code or trigger', () => {
    expect(engine.days).toHaveLength(table.dates.length);
    expect(table.dates.length).toBeGreaterThanOrEqual(250);
    expect(engine.days.map(decisionLine)).toEqual(backtest.days.map(decisionLine));
    expect(engine.days.filter((day) => day.kind === 'trade').length).toBeGreaterThanOrEqual(minTrades);
  });

  it('sends the same orders on every trade day (notional within a cent, shares within 1e-6)', () => {
    for (const [index, day] of engine.days.entries()) {
      const other = backtest.days[index] as DaySeen;
      const where = `${day.date}: ${JSON.stringify(day.orders)} vs ${JSON.stringify(other.orders)}`;
      expect(
        day.orders.map(({ symbol, side }) => `${side} ${symbol}`),
        where,
      ).toEqual(other.orders.map(({ symbol, side }) => `${side} ${symbol}`));
      for (const [k, order] of day.orders.entries()) {
        const twin = other.orders[k] as DaySeen['orders'][number];
        expect(order.amount.kind, where).toBe(twin.amount.kind);
        const [mine, theirs, tolerance] =
          order.amount.kind === 'notional' && twin.amount.kind === 'notional'
            ? [Number(order.amount.usd), Number(twin.amount.usd), 0.010_000_1]
            : [amountOf(order.amount), amountOf(twin.amount), 1e-6];
        expect(Math.abs(mine - theirs), where).toBeLessThanOrEqual(tolerance);
      }
    }
  });

  it('ends the year holding the same shares and the same cash', () => {
    for (const symbol of SYMBOLS) {
      expect(Math.abs((engine.qty[symbol] ?? 0) - (backtest.qty[symbol] ?? 0)), symbol).toBeLessThan(1e-6);
    }
    expect(Math.abs(engine.cashUsd - backtest.cashUsd)).toBeLessThan(0.005);
  });
});

function decisionLine(day: DaySeen): string {
  return `${day.date} ${day.kind} ${day.code}`;
}

function amountOf(amount: OrderAmount): number {
  return Number(amount.kind === 'notional' ? amount.usd : amount.shares);
}

function runBacktester(policy: RebalancePolicy): YearEnd {
  const settings = resolveBacktestSettings({
    targets: TARGETS,
    policy,
    plan: PLAN,
    startCashUsd: START_CASH_USD,
  });
  // The engine has no "first day": an all-cash account trades because every band is breached, so no forcing.
  const replay = replayBacktest(table, settings, { recordDecisions: true, investOnFirstDay: false });
  const sent = new Map(replay.rebalances.map((record) => [record.date, record.fills]));
  const days = replay.decisions.map(
    (decision): DaySeen => ({
      date: decision.date,
      kind: decision.kind,
      code: decision.code,
      // What went to the broker: sells as planned, buys re-sized to the cash the sells left.
      orders: (sent.get(decision.date) ?? []).map(({ symbol, side, amount }) => ({ symbol, side, amount })),
    }),
  );
  return { days, cashUsd: replay.finalCashUsd, qty: replay.finalQty };
}

async function runEngine(policy: RebalancePolicy): Promise<YearEnd> {
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-agreement-'));
  stateDirs.push(stateDir);
  const clock = createSimClock({ mode: { kind: 'fixed', at: `${FROM}T15:00:00.000Z` } });
  const simulator: Simulator = createSimulator({
    clock,
    prices: createHistoryPriceFeed(history),
    initialCashUsd: START_CASH_USD,
  });
  const engine = createRebalanceEngine({
    broker: createSimulatorBroker({ simulator }),
    store: createStateStore({ stateDir }),
    lock: createRebalanceLock({ stateDir }),
    history: createRebalanceHistory({ stateDir }),
    heartbeat: createHeartbeat({ stateDir }),
    settings: {
      targets: TARGETS,
      policy,
      plan: { ...PLAN, wholeShares: false },
      risk: DEFAULT_RISK_LIMITS,
      ...DEFAULT_ENGINE_TIMING,
      // The backtester trades at the close; the engine runs 1 ms before it, inside the usual 15-minute buffer,
      // so the buffer (a setting) is off here. Everything else is the product's default path.
      closeBufferMinutes: 0,
    },
    now: () => clock.now(),
    // Time stands still at 1 ms before the close while the engine waits: the simulator's consistency windows
    // (pending_new, fills showing late in cash) end after a few more requests, as they would in seconds.
    sleep: async () => {},
  });
  const days: DaySeen[] = [];
  for (const date of table.dates) {
    const session = marketSession(date);
    if (!session) throw new Error(`${date} has no session`);
    // Intraday the simulator's price walks in a straight line from the previous close to the day's. 1 ms before
    // the close it is off by 1/23,400,000 of the day's move (sub-micro-dollar), orders fill at once, and the fill
    // price, rounded to 4 decimals, is exactly the close. At 16:00 itself the market is closed.
    clock.set(new Date(newYorkInstant(date, session.closeEt).getTime() - 1));
    const report = await engine.runCycle();
    if (!report.decision || report.outcome === 'failed' || report.outcome === 'partial') {
      throw new Error(`${date}: the cycle ended ${report.outcome} (${report.code}): ${report.reason}`);
    }
    days.push({
      date: report.day ?? '',
      kind: report.decision.kind,
      code: report.decision.kind === 'hold' ? report.decision.code : report.decision.trigger,
      orders: report.orders.map(({ symbol, side, amount }) => ({ symbol, side, amount })),
    });
  }
  const account = simulator.account('default');
  return {
    days,
    cashUsd: account.cashUsd,
    qty: Object.fromEntries(account.positions.map((position) => [position.symbol, position.qty])),
  };
}

function roundedHistory(source: PriceHistory): PriceHistory {
  return new Map(
    [...source].map(([symbol, series]) => [
      symbol,
      { ...series, adjClose: series.adjClose.map((price) => Math.round(price * 10_000) / 10_000) },
    ]),
  );
}
