import { createPriceTable, resolveBacktestSettings, runBenchmarks } from '@dalio-lite/backtest';
import type { DailyBar } from '@dalio-lite/broker';
import { computePerformance, type Position, type Targets } from '@dalio-lite/core';
import type { HistoryRecord } from '@dalio-lite/state';
import type { DashboardDeps } from '../dashboard-deps.ts';

/** One filled order of Dalio Lite's own, from the history: the day it traded, shares and cash it moved. */
interface Fill {
  day: string;
  symbol: string;
  signedQty: number;
  cashUsd: number;
}

/** The fills of every order in the history, each order counted once at its latest answer. */
export function fillsOf(records: readonly HistoryRecord[]): Fill[] {
  const latest = new Map<string, Fill>();
  for (const { entry } of records) {
    if (entry.day === null) continue;
    for (const order of entry.orders) {
      const answer = entry.brokerAnswers.findLast((a) => a.clientOrderId === order.clientOrderId);
      if (!answer?.filledQty || answer.filledAvgPriceUsd === null) continue;
      const signedQty = order.side === 'buy' ? answer.filledQty : -answer.filledQty;
      const day = latest.get(order.clientOrderId)?.day ?? entry.day;
      latest.set(order.clientOrderId, {
        day,
        symbol: order.symbol,
        signedQty,
        cashUsd: -signedQty * answer.filledAvgPriceUsd,
      });
    }
  }
  return [...latest.values()];
}

/** Everything the equity series is rebuilt from. */
export interface PerformanceInput {
  records: readonly HistoryRecord[];
  cashUsd: number;
  equityUsd: number;
  positions: readonly Position[];
  bars: readonly DailyBar[];
  targets: Targets;
}

/** The symbols whose daily closes the series needs, and the first day of the series (null: no history yet). */
export function seriesNeeds(input: Pick<PerformanceInput, 'records' | 'positions' | 'targets'>): {
  start: string | null;
  symbols: string[];
} {
  const days = input.records.flatMap(({ entry }) => (entry.day ? [entry.day] : []));
  const start = days.sort()[0] ?? null;
  const symbols = new Set([
    'SPY',
    'AGG',
    ...Object.keys(input.targets),
    ...input.positions.map((position) => position.symbol),
    ...fillsOf(input.records).map((fill) => fill.symbol),
  ]);
  return { start, symbols: [...symbols].sort() };
}

/**
 * Equity at each daily close since the first cycle, rebuilt backwards from today's cash and positions through
 * Dalio Lite's own fills (so a deposit shows as if it had been there from the start, never as a spike), and
 * SPY, AGG and a monthly 60/40 started with the same value on the same dates (the backtester's benchmarks).
 */
export function performanceSeries(input: PerformanceInput) {
  const fills = fillsOf(input.records);
  const closes = new Map<string, Map<string, number>>();
  for (const bar of input.bars) {
    const byDay = closes.get(bar.symbol) ?? new Map<string, number>();
    byDay.set(bar.date, bar.close);
    closes.set(bar.symbol, byDay);
  }
  const { start } = seriesNeeds(input);
  const allDates = [...new Set(input.bars.map((bar) => bar.date))].filter(
    (d) => start !== null && d >= start,
  );
  allDates.sort();
  const sharesNow = new Map(input.positions.map((position) => [position.symbol, position.qty]));
  const dates: string[] = [];
  const equityUsd: number[] = [];
  const lastClose = new Map<string, number>();
  for (const date of allDates) {
    for (const [symbol, byDay] of closes) {
      const close = byDay.get(date);
      if (close !== undefined) lastClose.set(symbol, close);
    }
    const later = fills.filter((fill) => fill.day > date);
    const shares = new Map(sharesNow);
    let cash = input.cashUsd;
    for (const fill of later) {
      shares.set(fill.symbol, (shares.get(fill.symbol) ?? 0) - fill.signedQty);
      cash -= fill.cashUsd;
    }
    let value = cash;
    let priced = true;
    for (const [symbol, qty] of shares) {
      if (Math.abs(qty) < 1e-9) continue;
      const close = lastClose.get(symbol);
      if (close === undefined) priced = false;
      else value += qty * close;
    }
    if (!priced) continue;
    dates.push(date);
    equityUsd.push(Math.round(value * 100) / 100);
  }
  const benchmarks = benchmarkSeries(dates, equityUsd[0] ?? 0, closes, input.targets);
  const last = equityUsd.at(-1);
  return {
    dates,
    equityUsd,
    benchmarks: benchmarks.series,
    stats: dates.length >= 2 ? statsOf(dates, equityUsd) : null,
    notes: [
      ...benchmarks.notes,
      ...(last !== undefined &&
      input.equityUsd > 0 &&
      Math.abs(last - input.equityUsd) / input.equityUsd > 0.02
        ? [
            `The last close ($${last.toFixed(2)}) differs from the broker's equity now ($${input.equityUsd.toFixed(2)}) by more than 2 %: prices moved today, or money or shares moved outside Dalio Lite`,
          ]
        : []),
    ],
  };
}

function statsOf(dates: string[], values: number[]) {
  const stats = computePerformance({ dates, values });
  return {
    totalReturn: stats.totalReturn,
    cagr: stats.cagr,
    volatility: stats.volatility,
    maxDrawdown: stats.maxDrawdown,
    sharpe: stats.sharpe,
  };
}

function benchmarkSeries(
  dates: readonly string[],
  startUsd: number,
  closes: ReadonlyMap<string, ReadonlyMap<string, number>>,
  targets: Targets,
): { series: { name: string; equityUsd: number[] }[]; notes: string[] } {
  if (dates.length === 0 || startUsd <= 0) return { series: [], notes: [] };
  const spy = dates.map((date) => closes.get('SPY')?.get(date));
  const agg = dates.map((date) => closes.get('AGG')?.get(date));
  if (spy.some((close) => close === undefined) || agg.some((close) => close === undefined)) {
    return {
      series: [],
      notes: ['No benchmark: the broker has no daily closes of SPY and AGG for every date'],
    };
  }
  const table = createPriceTable({
    dates,
    prices: { SPY: spy.map(Number), AGG: agg.map(Number) },
  });
  const results = runBenchmarks(table, resolveBacktestSettings({ targets, startCashUsd: startUsd }), [
    'SPY',
    'AGG',
    '60/40',
  ]);
  return {
    series: Object.entries(results).map(([name, result]) => ({
      name,
      equityUsd: Array.from(result.equityUsd, (value) => Math.round(value * 100) / 100),
    })),
    notes: [],
  };
}

/** The equity series against the benchmarks, as the performance panel draws it. */
export type PerformanceSeries = ReturnType<typeof performanceSeries>;

/** Read what the series needs (the history, the account, the positions, the daily closes) and build it. */
export async function readPerformance(deps: Pick<DashboardDeps, 'broker' | 'history' | 'settings'>) {
  const broker = await deps.broker.get();
  const [{ records }, account, positions, clock] = await Promise.all([
    deps.history.readAll(),
    broker.getAccount(),
    broker.getPositions(),
    broker.getClock(),
  ]);
  const needs = seriesNeeds({ records, positions, targets: deps.settings.targets });
  const end = clock.timestamp.slice(0, 10);
  const bars =
    needs.start === null
      ? []
      : await broker.getDailyBars({ symbols: needs.symbols, start: needs.start, end });
  return performanceSeries({
    records,
    cashUsd: account.cashUsd,
    equityUsd: account.equityUsd,
    positions,
    bars,
    targets: deps.settings.targets,
  });
}
