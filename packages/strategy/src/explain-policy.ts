import type { DalioConfig } from '@dalio-lite/config';
import { bandHalfWidth } from '@dalio-lite/core';
import type { HistoryRecord, StatePayload } from '@dalio-lite/state';

/** One target with the band it may drift within before a rebalance. */
export interface TargetBand {
  symbol: string;
  targetPct: number;
  /** Lowest and highest weight before the band is breached; null bounds when no band is set. */
  lowPct: number | null;
  highPct: number | null;
  /** Which band is the tighter one for this target. */
  band: 'absolute' | 'relative' | null;
}

/** The last cycle as the explanation cites it. */
export interface LastDecision {
  n: number;
  day: string | null;
  outcome: string;
  code: string | null;
  kind: 'hold' | 'trade' | 'none';
  reason: string;
  finishedAt: string;
}

/** "How it decides", built from the live config and state: the user's own numbers and symbols. */
export interface PolicyExplanation {
  mode: DalioConfig['mode'];
  preset: string;
  targets: TargetBand[];
  lastDecision: LastDecision | null;
  /** The explanation in words, section by section. */
  sections: { title: string; lines: string[] }[];
}

/** What the explanation reads. */
export interface ExplainInput {
  config: Pick<DalioConfig, 'mode' | 'allocation' | 'policy' | 'plan' | 'risk' | 'schedule' | 'live'>;
  state: Pick<StatePayload, 'breakers' | 'halt' | 'highWaterMarkUsd' | 'liveTier'> | null;
  lastCycle: HistoryRecord | null;
}

/** Explain the policy, bands, minimum days, breakers and live gate with the user's config and state. */
export function explainPolicy(input: ExplainInput): PolicyExplanation {
  const { config, state } = input;
  const { policy, plan, live } = config;
  const targets = Object.entries(config.allocation.targets)
    .sort(([, a], [, b]) => b - a)
    .map(([symbol, weight]): TargetBand => {
      const half = bandHalfWidth(weight, policy);
      return {
        symbol,
        targetPct: pct(weight),
        lowPct: half === null ? null : pct(Math.max(0, weight - half)),
        highPct: half === null ? null : pct(weight + half),
        band: half === null ? null : half === policy.absoluteBand ? 'absolute' : 'relative',
      };
    });
  const last = input.lastCycle;
  const lastDecision: LastDecision | null = last && {
    n: last.n,
    day: last.entry.day,
    outcome: last.entry.outcome,
    code: last.entry.decision.code ?? last.entry.code ?? null,
    kind: last.entry.decision.kind,
    reason: last.entry.decision.reason,
    finishedAt: last.entry.finishedAt,
  };
  const bandText = targets.map((row) =>
    row.lowPct === null
      ? `${row.symbol} ${row.targetPct} % (no band)`
      : `${row.symbol} ${row.targetPct} % may range ${row.lowPct}–${row.highPct} % (${row.band} band)`,
  );
  const triggers = [
    policy.absoluteBand === null
      ? null
      : `a weight moves more than ${pct(policy.absoluteBand)} points from its target`,
    policy.relativeBand === null
      ? null
      : `a weight moves more than ${pct(policy.relativeBand)} % of its own target away from it`,
    policy.calendar === null
      ? null
      : `a new ${policy.calendar.replace(/ly$/, '')} begins (calendar: ${policy.calendar})`,
  ].filter((text): text is string => text !== null);
  const sections = [
    {
      title: 'What it holds',
      lines: [
        `Allocation ${config.allocation.preset === 'custom' ? '(your own)' : `preset ${config.allocation.preset}`}: ${targets.map((row) => `${row.symbol} ${row.targetPct} %`).join(', ')}.`,
      ],
    },
    {
      title: 'When it trades',
      lines: [
        `Once per trading day at ${config.schedule.timeEt} New York time it compares each holding's weight with its target. It rebalances when ${triggers.join(', or when ')}.`,
        `Bands: ${bandText.join('; ')}.`,
        `It never rebalances twice within ${policy.minDaysBetween} calendar days, and never in the last ${config.schedule.closeBufferMinutes} minutes before the close.`,
      ],
    },
    {
      title: 'What it trades',
      lines: [
        `It sells what is over first, then buys what is under with the cash that frees, back to ${plan.tradeTo === 'target' ? 'the target' : 'the edge of the band'}.`,
        `It keeps ${pct(plan.cashReservePct)} % of equity${plan.cashReserveUsd > 0 ? ` plus ${usd(plan.cashReserveUsd)}` : ''} in cash, skips orders under ${usd(plan.minTradeUsd)}, trades ${plan.wholeShares ? 'whole shares only' : 'fractional shares (whole shares where the broker requires them)'}, and ${plan.nonTargetHoldings === 'ignore' ? 'leaves holdings outside the allocation alone' : 'sells holdings outside the allocation'}.`,
      ],
    },
    { title: 'What stops it', lines: breakerLines(config, state) },
    { title: 'Live trading', lines: liveLines(config.mode, live, state) },
    {
      title: 'Last decision',
      lines: lastDecision
        ? [
            `Cycle #${lastDecision.n} (trading day ${lastDecision.day ?? '-'}, finished ${lastDecision.finishedAt}): ${lastDecision.outcome}${lastDecision.code ? ` (${lastDecision.code})` : ''} — ${lastDecision.reason}`,
          ]
        : ['No cycle has run yet.'],
    },
  ];
  return { mode: config.mode, preset: config.allocation.preset, targets, lastDecision, sections };
}

function breakerLines(config: ExplainInput['config'], state: ExplainInput['state']): string[] {
  const { risk } = config;
  const lines = [
    `Daily loss: if a cycle finds the account ${pct(risk.maxDailyLoss)} % or more below the previous close, it stops trading until you run \`dalio resume\`.`,
    `Drawdown: if the account falls ${pct(risk.maxDrawdown)} % or more below its high${state?.highWaterMarkUsd ? ` (now ${usd(state.highWaterMarkUsd)})` : ''}, it pauses until you resume.`,
  ];
  const limits = [
    risk.maxOrderUsd === null ? null : `no single order above ${usd(risk.maxOrderUsd)}`,
    risk.maxTurnover === null
      ? null
      : `no rebalance trading more than ${pct(risk.maxTurnover)} % of the portfolio`,
    risk.maxWeight === null ? null : `no symbol above ${pct(risk.maxWeight)} % after a rebalance`,
  ].filter((text): text is string => text !== null);
  if (limits.length > 0) lines.push(`Limits: ${limits.join('; ')}.`);
  const tripped = [state?.breakers.dailyLoss, state?.breakers.drawdown].filter((b) => b != null);
  if (state?.halt) lines.push(`Now: HALTED since ${state.halt.since} — ${state.halt.reason}.`);
  for (const breaker of tripped) lines.push(`Now: tripped at ${breaker.trippedAt} — ${breaker.reason}.`);
  if (!state?.halt && tripped.length === 0) lines.push('Now: no breaker tripped, not halted.');
  return lines;
}

function liveLines(
  mode: DalioConfig['mode'],
  live: DalioConfig['live'],
  state: ExplainInput['state'],
): string[] {
  const tiers = live.tiers.map(usd).join(', then ');
  const gate = `Live trading needs mode: live, Alpaca live keys and a passing \`dalio checklist\` (at least ${live.requiredPaperDays} paper trading days without a critical incident among its checks); it then invests at most ${tiers ? `${tiers}, then ` : ''}the full portfolio, one tier at a time with \`dalio live enable\` after ${live.tierDays} error-free days on each.`;
  if (mode === 'paper') return ['Now: paper trading — no real money moves.', gate];
  const tier = state?.liveTier;
  return [
    tier
      ? `Now: live, tier ${tier.tier + 1} since ${tier.since}, invested capital capped at ${tier.capitalCapUsd === null ? 'no cap (full)' : usd(tier.capitalCapUsd)}.`
      : 'Now: mode live; no live tier is recorded in the state yet (see `dalio live enable`).',
    gate,
  ];
}

function pct(fraction: number): number {
  return Math.round(fraction * 1e6) / 1e4;
}

function usd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}
