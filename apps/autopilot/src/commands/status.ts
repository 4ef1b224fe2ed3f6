import type { Account, BrokerVenue, MarketClock, Position } from '@dalio-lite/core';
import {
  checkBrokerPin,
  checkKeyPin,
  describeLiveOff,
  modeBadge,
  type PinVerdict,
  tradingTarget,
} from '@dalio-lite/gate';
import { whyNoTrade } from '@dalio-lite/observability';
import { describeAllocationStatus, readAllocationStatus } from '@dalio-lite/strategy';
import { describeBroker } from '../broker-label.ts';
import { loadCliConfig } from '../cli-config.ts';
import { describeError, EXIT } from '../cli-error.ts';
import { printJson } from '../output.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { formatMoney, formatPercent, formatShares } from '../text-format.ts';
import type { CommandContext } from './index.ts';

interface StatusFlags {
  json?: boolean;
  broker?: boolean;
  config?: string;
}

/** What the broker said, or why it could not be asked. */
type BrokerView =
  | { ok: true; venue: BrokerVenue; account: Account; positions: Position[]; clock: MarketClock }
  | { ok: false; error: string };

/** Run `dalio status` (imported when the command runs; its options and help are in status-command.ts). */
export async function runStatusCommand(context: CommandContext, flags: StatusFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const runtime = createRuntime(config);
  const state = await runtime.store.load();
  const page = await runtime.history.readPage({ limit: 5 });
  const heartbeat = await runtime.heartbeat.read();
  const allocation = await readAllocationStatus(runtime.history);
  const payload = state?.payload ?? null;
  const broker = describeBroker(config);
  const view = flags.broker ? await brokerView(runtime) : null;
  if (view && !view.ok) context.result.exitCode = EXIT.failure;
  // The badge comes from the venue the engine's broker is built with, never from a second setting.
  const target = tradingTarget(config);
  const badge = modeBadge(target, view?.ok ? view.venue : target.venue);
  const liveGate = target.venue === 'alpaca-live' ? await runtime.gate.files.liveGate.read() : null;
  const decision = liveGate?.current ?? null;
  const pin: PinVerdict = view?.ok
    ? checkBrokerPin(target, { venue: view.venue, accountId: view.account.id }, decision?.accountId ?? null)
    : checkKeyPin(target);
  if (!pin.ok) context.result.exitCode = EXIT.failure;
  const status = {
    /** paper or live, from the venue the engine trades (the broker's own when `--broker` asked it). */
    mode: badge.mode,
    badge: badge.text,
    /** Key kind, host and account agree (with `--broker`, as the broker reports them). */
    pin,
    /** For a live configuration: the recorded live decision (tier, account), or null while live is off. */
    live:
      target.venue === 'alpaca-live'
        ? {
            enabled: decision !== null,
            decision,
            off: decision === null ? describeLiveOff(liveGate) : null,
          }
        : null,
    broker: config.broker.kind,
    /** In words: the built-in simulator (fake money), Alpaca paper, or Alpaca live (real money). */
    brokerLabel: broker,
    stateDir: config.paths.stateDir,
    state: state ? { seq: state.seq, writtenAt: state.writtenAt } : null,
    /** The broker account this state belongs to (recorded by its first cycle). */
    boundTo: payload?.account ?? null,
    lastRebalance: payload?.lastRebalance ?? null,
    halt: payload?.halt ?? null,
    breakers: payload?.breakers ?? { dailyLoss: null, drawdown: null },
    highWaterMarkUsd: payload?.highWaterMarkUsd ?? null,
    days: payload
      ? Object.values(payload.days).map(({ day, status: dayStatus, attempt, plannedOrders, reasons }) => ({
          day,
          status: dayStatus,
          attempt,
          orders: plannedOrders.length,
          reasons,
        }))
      : [],
    heartbeat,
    /** The target weights, and a change waiting for the next cycle (`pendingSince`). */
    allocation: { ...config.allocation, ...allocation },
    recentCycles: page.records.map((record) => ({
      n: record.n,
      day: record.entry.day,
      outcome: record.entry.outcome,
      reason: record.entry.decision.reason,
      /** Why it did not trade, from a fixed set (within band, minimum days, market closed, breaker, …). */
      whyNoTrade: whyNoTrade(record.entry),
      finishedAt: record.entry.finishedAt,
    })),
    account: view === null ? undefined : view.ok ? accountJson(view) : { error: view.error },
  };
  if (flags.json) {
    printJson(context.output, status);
    return;
  }
  const lines = [
    `Dalio Lite — ${badge.mode.toUpperCase()} trading ${broker}`,
    `Pin: ${pin.ok ? `ok — ${pin.summary}` : `MISMATCH — ${pin.reason}`}`,
    ...(status.live
      ? [
          decision
            ? `Live: ENABLED at tier ${decision.tier} (${decision.capitalCapUsd === null ? 'full, no cap' : `cap $${decision.capitalCapUsd}`}) on account ${decision.accountNumber} since ${decision.tierSince}`
            : `Live: OFF — ${status.live.off}`,
        ]
      : []),
    `State: ${config.paths.stateDir}${status.boundTo ? `, belongs to ${status.boundTo.venue} account ${status.boundTo.accountId} (since ${status.boundTo.since})` : ', not yet bound to an account (the first cycle records it)'}`,
    `Last rebalance: ${status.lastRebalance ? `trading day ${status.lastRebalance.day} (broker clock), recorded ${status.lastRebalance.at} (this machine's clock)` : 'never'}`,
    `Halt: ${status.halt ? `HALTED since ${status.halt.since}: ${status.halt.reason}` : 'off'}`,
    `Breakers: ${[status.breakers.dailyLoss?.reason, status.breakers.drawdown?.reason].filter(Boolean).join('; ') || 'clear'}`,
    `Last cycle: ${heartbeat ? `${heartbeat.outcome} for trading day ${heartbeat.day ?? '-'}, finished ${heartbeat.at} (this machine's clock) — ${heartbeat.detail}` : 'none yet'}`,
    // Only a change still waiting for a cycle; `dalio allocation show` has the whole story.
    ...(allocation.pendingSince === null ? [] : describeAllocationStatus(allocation)),
  ];
  if (view) lines.push(...describeView(view));
  if (status.recentCycles.length > 0) lines.push('Recent cycles (trading day by the broker clock):');
  for (const cycle of status.recentCycles) {
    const why = cycle.whyNoTrade ? ` [no trade: ${cycle.whyNoTrade.text}]` : '';
    lines.push(`  #${cycle.n} ${cycle.day ?? '-'} ${cycle.outcome}${why}: ${cycle.reason}`);
  }
  context.output.stdout(lines.join('\n'));
}

async function brokerView(runtime: Runtime): Promise<BrokerView> {
  try {
    const broker = await runtime.broker();
    const [account, positions, clock] = await Promise.all([
      broker.getAccount(),
      broker.getPositions(),
      broker.getClock(),
    ]);
    return { ok: true, venue: broker.venue, account, positions, clock };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

function accountJson(view: Extract<BrokerView, { ok: true }>) {
  return {
    id: view.account.id,
    equityUsd: view.account.equityUsd,
    cashUsd: view.account.cashUsd,
    marketOpen: view.clock.isOpen,
    clock: view.clock.timestamp,
    positions: view.positions,
  };
}

/** The account and its positions as a small table a person reads. */
function describeView(view: BrokerView): string[] {
  if (!view.ok) return [`Broker: ${view.error}`];
  const { account, positions, clock } = view;
  const lines = [
    `Account ${account.id}: equity ${formatMoney(account.equityUsd)}, cash ${formatMoney(account.cashUsd)}; market ${clock.isOpen ? 'open' : 'closed'} at ${clock.timestamp} (broker clock)`,
  ];
  if (positions.length === 0) return [...lines, 'Positions: none'];
  lines.push(
    'Positions:',
    `  ${'Symbol'.padEnd(6)} ${'Shares'.padStart(12)} ${'Price'.padStart(11)} ${'Value'.padStart(13)} ${'Weight'.padStart(7)}`,
  );
  for (const position of [...positions].sort((a, b) => b.marketValueUsd - a.marketValueUsd)) {
    const weight = account.equityUsd > 0 ? position.marketValueUsd / account.equityUsd : 0;
    lines.push(
      `  ${position.symbol.padEnd(6)} ${formatShares(position.qty).padStart(12)} ${formatMoney(position.currentPriceUsd).padStart(11)} ${formatMoney(position.marketValueUsd).padStart(13)} ${formatPercent(weight).padStart(7)}`,
    );
  }
  return lines;
}
