import type { RiskLimits } from '@dalio-lite/core';
import { whyNoTrade } from '@dalio-lite/observability';
import type { HistoryRecord, StatePayload } from '@dalio-lite/state';
import type { DashboardDeps } from '../dashboard-deps.ts';
import type { Known } from '../last-known.ts';
import { accountView, type MarketRead } from './market-read.ts';
import { nextCycle } from './next-cycle.ts';

/** The state as read for a page: its payload, or why it was refused (corrupt, quarantined, unreadable). */
export type StateRead = { ok: true; payload: StatePayload | null } | { ok: false; message: string };

/** Read the state without ever throwing: a refused state is something the pages show. */
export async function readState(deps: DashboardDeps): Promise<StateRead> {
  try {
    return { ok: true, payload: (await deps.store.load())?.payload ?? null };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A broker value with its age, for the pages: the value shaped for them, plus when it was read. */
export function freshness<T, R>(known: Known<T>, shape: (value: T) => R) {
  return {
    value: known.value === null ? null : shape(known.value),
    at: known.at,
    ageMs: known.ageMs,
    refreshing: known.refreshing,
    error: known.error,
  };
}

/** A recorded cycle as the pages list it. */
export function cycleView(record: HistoryRecord) {
  const { entry } = record;
  return {
    n: record.n,
    cycleId: entry.cycleId,
    day: entry.day,
    startedAt: entry.startedAt,
    finishedAt: entry.finishedAt,
    outcome: entry.outcome,
    code: entry.code ?? null,
    decision: entry.decision,
    whyNoTrade: whyNoTrade(entry),
    orders: entry.orders.map((order) => ({
      ...order,
      answers: entry.brokerAnswers.filter((answer) => answer.clientOrderId === order.clientOrderId),
    })),
    reconciliationNotes: entry.reconciliationNotes,
    errors: entry.errors,
    durationsMs: entry.durationsMs,
  };
}

/** The status line of every page: mode, broker, account, halt and breakers, last and next cycle, why no trade. */
export async function statusView(deps: DashboardDeps, market: Known<MarketRead>) {
  const [state, heartbeat, page] = await Promise.all([
    readState(deps),
    deps.heartbeat.read().catch(() => null),
    deps.history.readPage({ limit: 1 }).catch(() => ({ records: [] as HistoryRecord[] })),
  ]);
  const payload = state.ok ? state.payload : null;
  const last = page.records[0];
  const clock = market.value?.clock ?? null;
  return {
    mode: deps.mode,
    broker: { kind: deps.broker.kind, label: deps.broker.label },
    state: state.ok ? { ok: true as const, message: null } : { ok: false as const, message: state.message },
    boundTo: payload?.account ?? null,
    halt: payload?.halt ?? null,
    breakers: payload?.breakers ?? { dailyLoss: null, drawdown: null },
    lastRebalance: payload?.lastRebalance ?? null,
    heartbeat,
    lastCycle: last ? cycleView(last) : null,
    whyNoTrade: last ? whyNoTrade(last.entry) : null,
    nextCycle: clock
      ? nextCycle({
          clockAt: clock.timestamp,
          timeEt: deps.settings.timeEt,
          doneDays: new Set(Object.keys(payload?.days ?? {})),
        })
      : null,
    market: freshness(market, (read) => ({
      isOpen: read.clock.isOpen,
      at: read.clock.timestamp,
      nextOpen: read.clock.nextOpen,
      nextClose: read.clock.nextClose,
    })),
    account: freshness(market, accountView),
  };
}

/** Breakers, drawdown from the high-water mark, exposure per symbol, and the limits they are held to. */
export function riskView(state: StateRead, market: Known<MarketRead>, limits: RiskLimits) {
  const payload = state.ok ? state.payload : null;
  const read = market.value;
  const equityUsd = read?.preview.snapshot.account.equityUsd ?? null;
  const lastEquityUsd = read?.preview.snapshot.account.lastEquityUsd ?? null;
  const highWaterMarkUsd = payload?.highWaterMarkUsd ?? null;
  const peak = highWaterMarkUsd !== null && equityUsd !== null ? Math.max(highWaterMarkUsd, equityUsd) : null;
  return {
    state: state.ok ? { ok: true as const, message: null } : { ok: false as const, message: state.message },
    halt: payload?.halt ?? null,
    breakers: payload?.breakers ?? { dailyLoss: null, drawdown: null },
    highWaterMarkUsd,
    equityUsd,
    drawdown: peak && equityUsd !== null && peak > 0 ? 1 - equityUsd / peak : null,
    dailyChange: equityUsd !== null && lastEquityUsd ? equityUsd / lastEquityUsd - 1 : null,
    exposure: read
      ? Object.entries(read.preview.snapshot.managedValuesUsd)
          .map(([symbol, valueUsd]) => ({
            symbol,
            valueUsd,
            weight:
              read.preview.snapshot.managedEquityUsd > 0
                ? valueUsd / read.preview.snapshot.managedEquityUsd
                : 0,
          }))
          .sort((a, b) => b.valueUsd - a.valueUsd)
      : [],
    limits: {
      maxDailyLoss: limits.maxDailyLoss,
      maxDrawdown: limits.maxDrawdown,
      maxOrderUsd: limits.maxOrderUsd,
      maxTurnover: limits.maxTurnover,
      maxWeight: limits.maxWeight,
      capitalCapUsd: limits.capitalCapUsd,
    },
    at: market.at,
    ageMs: market.ageMs,
  };
}
