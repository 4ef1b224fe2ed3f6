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
const FRACTION = 'a fraction';

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
  const usd = 'an amount in USD';
  const checks: Array<[field: string, value: number, limits: NumberLimits]> = [
    ['startCashUsd', settings.startCashUsd, { unit: usd, min: 0, aboveMin: true, hint: 'e.g. 100000' }],
    ['feePerOrderUsd', settings.feePerOrderUsd, { unit: usd, min: 0, hint: 'e.g. 0 or 1' }],
    [
      'slippageBps',
      settings.slippageBps,
      { unit: 'a number of basis points', min: 0, max: 1000, hint: '5 = 0.05 %' },
    ],
    ['plan.minTradeUsd', plan.minTradeUsd, { unit: usd, min: 0, hint: 'e.g. 100' }],
    ['plan.cashReserveUsd', plan.cashReserveUsd, { unit: usd, min: 0, hint: 'e.g. 0' }],
    [
      'plan.cashReservePct',
      plan.cashReservePct,
      { unit: FRACTION, min: 0, max: 1, hint: '0.005 = 0.5 % of equity' },
    ],
    ['policy.minDaysBetween', policy.minDaysBetween, { unit: 'a number of days', min: 0, hint: 'e.g. 30' }],
  ];
  // Band 0 is a real policy, "trade on any drift": core's bands breach only when drift is strictly greater.
  if (policy.absoluteBand !== null) {
    checks.push([
      'policy.absoluteBand',
      policy.absoluteBand,
      { unit: FRACTION, min: 0, max: 1, hint: '0.05 = 5 points, 0 = any drift, null = no band' },
    ]);
  }
  if (policy.relativeBand !== null) {
    checks.push([
      'policy.relativeBand',
      policy.relativeBand,
      { unit: FRACTION, min: 0, hint: '0.25 = 25 % of the target, 0 = any drift, null = no band' },
    ]);
  }
  for (const [field, value, limits] of checks) checkNumber(field, value, limits);
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

/** What a numeric setting accepts, in the API's own units; `aboveMin` excludes the minimum itself. */
interface NumberLimits {
  unit: string;
  min: number;
  max?: number;
  aboveMin?: boolean;
  hint: string;
}

function checkNumber(field: string, value: number, limits: NumberLimits): void {
  const { unit, min, max, aboveMin = false, hint } = limits;
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (aboveMin ? value > min : value >= min) &&
    (max === undefined || value <= max);
  if (valid) return;
  const range = max !== undefined ? `between ${min} and ${max}` : aboveMin ? `above ${min}` : `≥ ${min}`;
  // A script may pass a string such as "5": quote it so it is not mistaken for the number.
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw new BacktestInputError(`${field} is ${shown}, must be ${unit} ${range} (${hint})`, { field });
}
