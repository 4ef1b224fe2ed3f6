import {
  type CalendarPeriod,
  DEFAULT_PLAN_OPTIONS,
  DEFAULT_POLICY,
  normalizeTargets,
  type PlanOptions,
  type RebalancePolicy,
  type Targets,
} from '@dalio-lite/core';
import { BacktestInputError } from './backtest-input-error.ts';

/** When planned orders fill: at the decision day's adjusted close, or at the next trading day's. */
export type ExecutionTiming = 'same-close' | 'next-close';

/**
 * Everything that defines one backtest besides prices and dates. Plain data (structured-clone safe), so a
 * grid can ship it to worker threads. Plan options exclude `wholeShareSymbols`: `wholeShares` sets it.
 */
export interface BacktestSettings {
  targets: Targets;
  policy: RebalancePolicy;
  plan: Omit<PlanOptions, 'wholeShareSymbols'>;
  startCashUsd: number;
  feePerOrderUsd: number;
  slippageBps: number;
  wholeShares: boolean;
  execution: ExecutionTiming;
}

/** Settings as a caller gives them: targets are required (any scale, e.g. 40/30/20/10), the rest default. */
export interface BacktestSettingsInput {
  targets: Readonly<Record<string, number>>;
  policy?: Partial<RebalancePolicy>;
  plan?: Partial<Omit<PlanOptions, 'wholeShareSymbols'>>;
  startCashUsd?: number;
  feePerOrderUsd?: number;
  slippageBps?: number;
  wholeShares?: boolean;
  execution?: ExecutionTiming;
}

/** Default start cash of a backtest. */
export const DEFAULT_START_CASH_USD = 100_000;

const CALENDARS: readonly CalendarPeriod[] = ['monthly', 'quarterly', 'yearly'];

/** Fill defaults (core's policy and plan defaults, $100k, no costs, fractional, same close) and validate. */
export function resolveBacktestSettings(input: BacktestSettingsInput): BacktestSettings {
  const targets = normalizeTargets(input.targets);
  if (!targets.ok) throw new BacktestInputError(targets.error, { field: 'targets' });
  const policy: RebalancePolicy = { ...DEFAULT_POLICY, ...input.policy };
  const { nonTargetHoldings, tradeTo, minTradeUsd, cashReserveUsd, cashReservePct, capitalCapUsd } = {
    ...DEFAULT_PLAN_OPTIONS,
    ...input.plan,
  };
  const plan = { nonTargetHoldings, tradeTo, minTradeUsd, cashReserveUsd, cashReservePct, capitalCapUsd };
  const settings: BacktestSettings = {
    targets: targets.value,
    policy,
    plan,
    startCashUsd: input.startCashUsd ?? DEFAULT_START_CASH_USD,
    feePerOrderUsd: input.feePerOrderUsd ?? 0,
    slippageBps: input.slippageBps ?? 0,
    wholeShares: input.wholeShares ?? false,
    execution: input.execution ?? 'same-close',
  };
  checkNumber('startCashUsd', settings.startCashUsd, { min: 0, exclusive: true, hint: 'e.g. 100000' });
  checkNumber('feePerOrderUsd', settings.feePerOrderUsd, { min: 0, hint: 'e.g. 0 or 1' });
  checkNumber('slippageBps', settings.slippageBps, { min: 0, max: 1000, hint: 'e.g. 5 for 0.05 %' });
  checkNumber('plan.minTradeUsd', plan.minTradeUsd, { min: 0, hint: 'e.g. 100' });
  checkNumber('plan.cashReserveUsd', plan.cashReserveUsd, { min: 0, hint: 'e.g. 0' });
  checkNumber('plan.cashReservePct', plan.cashReservePct, {
    min: 0,
    max: 1,
    hint: 'a fraction such as 0.005',
  });
  checkNumber('policy.minDaysBetween', policy.minDaysBetween, { min: 0, hint: 'e.g. 30' });
  if (policy.absoluteBand !== null) {
    checkNumber('policy.absoluteBand', policy.absoluteBand, {
      min: 0,
      max: 1,
      exclusive: true,
      hint: '0.05 = 5 pts',
    });
  }
  if (policy.relativeBand !== null) {
    checkNumber('policy.relativeBand', policy.relativeBand, { min: 0, exclusive: true, hint: '0.25 = 25 %' });
  }
  if (policy.calendar !== null && !CALENDARS.includes(policy.calendar)) {
    throw new BacktestInputError(
      `policy.calendar is "${policy.calendar}", use monthly, quarterly or yearly`,
      {
        field: 'policy.calendar',
      },
    );
  }
  if (execution(settings.execution) === null) {
    throw new BacktestInputError(`execution is "${settings.execution}", use same-close or next-close`, {
      field: 'execution',
    });
  }
  return settings;
}

function execution(value: string): ExecutionTiming | null {
  return value === 'same-close' || value === 'next-close' ? value : null;
}

function checkNumber(
  field: string,
  value: number,
  limits: { min: number; max?: number; exclusive?: boolean; hint: string },
): void {
  const low = limits.exclusive ? value <= limits.min : value < limits.min;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    low ||
    (limits.max !== undefined && value > limits.max)
  ) {
    const range =
      limits.max === undefined
        ? `${limits.exclusive ? '>' : '≥'} ${limits.min}`
        : `in ${limits.min}..${limits.max}`;
    throw new BacktestInputError(`${field} is ${String(value)}, must be a number ${range} (${limits.hint})`, {
      field,
    });
  }
}
