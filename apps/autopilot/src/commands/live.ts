import { userInfo } from 'node:os';
import {
  assertLiveConfig,
  checkKeyPin,
  confirmAccount,
  describeLiveOff,
  describeTiers,
  GateError,
  type LiveDecision,
  type LiveEnablePlan,
  modeBadge,
  planLiveEnable,
  recordLiveDisable,
  recordLiveEnable,
  tradingTarget,
} from '@dalio-lite/gate';
import { loadCliConfig } from '../cli-config.ts';
import { createCommandLogger } from '../logger.ts';
import { printJson } from '../output.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { runChecklist } from './checklist.ts';
import type { CommandContext } from './index.ts';

interface EnableFlags {
  tier: string;
  confirmAccount?: string;
  by?: string;
  note: string;
  json?: boolean;
  config?: string;
}

interface DisableFlags {
  by?: string;
  reason: string;
  cancelOrders?: boolean;
  json?: boolean;
  config?: string;
}

function operator(by: string | undefined): string {
  const name = by?.trim() || userInfo().username;
  return name || 'unknown';
}

/** What `dalio live enable` was asked: the tier, how the account number is typed, who and why. */
export interface EnableRequest {
  tier: number;
  /** Ask for the account number once every other check passed; null when no one typed it. */
  confirm(plan: LiveEnablePlan): Promise<string | null>;
  by: string;
  note: string;
}

/**
 * The live switch: config and keys first (nothing asked), then the whole checklist (GO), the broker pin, the tier
 * move, and last the typed account number; only then is the decision recorded. Throws `GateError` otherwise.
 */
export async function enableLive(
  runtime: Runtime,
  request: EnableRequest,
): Promise<{ plan: LiveEnablePlan; decision: LiveDecision }> {
  const { config } = runtime;
  assertLiveConfig(config);
  const checklist = await runChecklist(runtime);
  const broker = await runtime.broker();
  const [account, record, history] = await Promise.all([
    broker.getAccount(),
    runtime.gate.files.liveGate.read(),
    runtime.history.readAll(),
  ]);
  const plan = planLiveEnable({
    config,
    tier: request.tier,
    current: record?.current ?? null,
    checklist,
    broker: { venue: broker.venue, account },
    history: history.records,
  });
  confirmAccount(plan, await request.confirm(plan));
  const decision = await recordLiveEnable(runtime.gate.files, plan, {
    config,
    checklist,
    venue: broker.venue,
    by: request.by,
    note: request.note,
    now: runtime.now(),
  });
  return { plan, decision };
}

/** Run `dalio live enable` (imported when the command runs; its options and help are in live-command.ts). */
export async function runLiveEnableCommand(context: CommandContext, flags: EnableFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  assertLiveConfig(config);
  const logger = createCommandLogger(config, false, { env: context.env });
  const runtime = createRuntime(config, { logger, env: context.env });
  const { plan, decision } = await enableLive(runtime, {
    tier: Number(flags.tier),
    confirm: async (asked) =>
      flags.confirmAccount ??
      (await context.prompt?.(
        `Trade REAL MONEY at ${asked.tier.label} on Alpaca account ${asked.accountNumber}? Type the account number to confirm: `,
      )) ??
      null,
    by: operator(flags.by),
    note: flags.note,
  });
  logger.flush();
  if (flags.json) printJson(context.output, { enabled: true, decision });
  else {
    context.output.stdout(
      [
        `LIVE trading enabled at ${plan.tier.label} on account ${decision.accountNumber} by ${decision.by} (${decision.tierSince}).`,
        `${modeBadge(tradingTarget(config)).text}`,
        'Every cycle re-checks the gate and refuses (with an alert) if it no longer holds; `dalio live disable` stops live trading at once.',
      ].join('\n'),
    );
  }
}

/** Run `dalio live disable` (imported when the command runs; its options and help are in live-command.ts). */
export async function runLiveDisableCommand(context: CommandContext, flags: DisableFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const runtime = createRuntime(config, { env: context.env });
  const ended = await recordLiveDisable(runtime.gate.files, {
    by: operator(flags.by),
    note: flags.reason,
    now: new Date(),
  });
  // Disabled first, whatever happens next; orders are canceled only on the account the pin vouches for.
  const pin = checkKeyPin(tradingTarget(config));
  if (flags.cancelOrders && !pin.ok) {
    throw new GateError('pin-mismatch', `live trading is disabled, but no order was canceled: ${pin.reason}`);
  }
  const canceled = flags.cancelOrders ? await (await runtime.broker()).cancelAllOrders() : [];
  const paperDir = config.live.paperStateDir;
  if (flags.json) printJson(context.output, { enabled: false, ended, canceled });
  else {
    context.output.stdout(
      [
        ended
          ? `Live trading DISABLED (was tier ${ended.tier} on account ${ended.accountNumber}): no live order goes out from now on.`
          : 'Live trading was not enabled; recorded as disabled.',
        canceled.length > 0 ? `${canceled.length} open orders canceled at the broker.` : null,
        `To trade paper again, run the scheduler with the paper config (mode: paper)${paperDir ? `; its state in ${paperDir} was never touched by live runs` : ''}.`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
}

/** Run `dalio live status` (imported when the command runs; its options and help are in live-command.ts). */
export async function runLiveStatusCommand(
  context: CommandContext,
  flags: { json?: boolean; config?: string },
): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const runtime = createRuntime(config, { env: context.env });
  const record = await runtime.gate.files.liveGate.read();
  const target = tradingTarget(config);
  const pin = checkKeyPin(target);
  const status = {
    mode: modeBadge(target).mode,
    badge: modeBadge(target).text,
    pin,
    tiers: describeTiers(config.live.tiers),
    current: record?.current ?? null,
    log: record?.log ?? [],
  };
  if (flags.json) {
    printJson(context.output, status);
    return;
  }
  const current = status.current;
  context.output.stdout(
    [
      `Trading: ${status.badge}`,
      `Pin: ${pin.ok ? `ok — ${pin.summary}` : `MISMATCH — ${pin.reason}`}`,
      current
        ? `Live: ENABLED at tier ${current.tier} (${current.capitalCapUsd === null ? 'full' : `$${current.capitalCapUsd}`}) on account ${current.accountNumber} since ${current.tierSince}, by ${current.by}`
        : `Live: off — ${describeLiveOff(record)}`,
      `Tiers: ${status.tiers}`,
      ...(status.log.length > 0 ? ['Decisions:'] : []),
      ...status.log.map(
        (entry) =>
          `  ${entry.at} ${entry.action}${entry.tier ? ` tier ${entry.tier}` : ''}${entry.accountNumber ? ` account ${entry.accountNumber}` : ''} by ${entry.by}${entry.note ? `: ${entry.note}` : ''}`,
      ),
    ].join('\n'),
  );
}
