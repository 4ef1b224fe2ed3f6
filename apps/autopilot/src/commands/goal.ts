import { newYorkDate } from '@dalio-lite/core';
import {
  BAND_PERCENTILES,
  createGoal,
  createGoalStore,
  describeGoalMethod,
  type GoalReview,
  type GoalStore,
  reviewGoal,
} from '@dalio-lite/strategy';
import Table from 'cli-table3';
import { parseFlagNumber } from '../backtest-flags.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CommandFailedError, describeError } from '../cli-error.ts';
import { logStateEvent } from '../logger.ts';
import { printJson } from '../output.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { formatMoney } from '../text-format.ts';
import type { CommandContext } from './index.ts';
import { strategyCache } from './strategy.ts';

interface SetFlags {
  amount: string;
  by: string;
  monthly: string;
  inflation?: string;
  probability?: string;
  start?: string;
  json?: boolean;
  config?: string;
}

/** Run `dalio goal set` (imported when the command runs; its options and help are in goal-command.ts). */
export async function runGoalSetCommand(context: CommandContext, flags: SetFlags): Promise<void> {
  const input = {
    amountUsd: parseFlagNumber('--amount', flags.amount, {
      noun: 'an amount in USD',
      min: 0,
      aboveMin: true,
    }),
    targetDate: flags.by,
    monthlyUsd: parseFlagNumber('--monthly', flags.monthly, { noun: 'an amount in USD', min: 0 }),
    ...(flags.inflation !== undefined && {
      inflationPct: parseFlagNumber('--inflation', flags.inflation, {
        noun: 'a percentage',
        min: -5,
        max: 20,
      }),
    }),
    ...(flags.probability !== undefined && {
      probabilityPct: parseFlagNumber('--probability', flags.probability, {
        noun: 'a percentage',
        min: 1,
        max: 99,
      }),
    }),
  };
  const startUsd =
    flags.start === undefined
      ? null
      : parseFlagNumber('--start', flags.start, { noun: 'an amount in USD', min: 0 });
  const config = await loadCliConfig(context, flags.config);
  const runtime = createRuntime(config);
  const now = await portfolioNow(runtime);
  const valueUsd = startUsd ?? now.valueUsd;
  if (valueUsd === null) {
    throw new CommandFailedError(
      `could not read the portfolio value from the broker (${now.error}); pass --start USD to set the goal without it`,
    );
  }
  const created = createGoal(input, {
    now: new Date(),
    today: now.today,
    valueUsd,
    targets: config.allocation.targets,
  });
  await goalStore(runtime).write(created);
  await show(context, runtime, flags.json === true, { today: now.today, valueUsd });
}

/** Run `dalio goal show` (imported when the command runs; its options and help are in goal-command.ts). */
export async function runGoalShowCommand(
  context: CommandContext,
  flags: { json?: boolean; config?: string },
): Promise<void> {
  const runtime = createRuntime(await loadCliConfig(context, flags.config));
  await show(context, runtime, flags.json === true, await portfolioNow(runtime));
}

/** Run `dalio goal clear` (imported when the command runs; its options and help are in goal-command.ts). */
export async function runGoalClearCommand(
  context: CommandContext,
  flags: { json?: boolean; config?: string },
): Promise<void> {
  const runtime = createRuntime(await loadCliConfig(context, flags.config));
  await goalStore(runtime).clear();
  if (flags.json) printJson(context.output, { goal: null });
  else context.output.stdout('Goal cleared.');
}

function goalStore(runtime: Runtime): GoalStore {
  return createGoalStore({
    stateDir: runtime.config.paths.stateDir,
    onEvent: (event) => logStateEvent(runtime.logger, event),
  });
}

/** The account's equity and the trading day by the broker's clock; the machine's date when it cannot answer. */
export async function portfolioNow(
  runtime: Runtime,
): Promise<{ today: string; valueUsd: number | null; error?: string }> {
  try {
    const broker = await runtime.broker();
    const [account, clock] = await Promise.all([broker.getAccount(), broker.getClock()]);
    return { today: newYorkDate(clock.timestamp), valueUsd: account.equityUsd };
  } catch (error) {
    return { today: newYorkDate(new Date()), valueUsd: null, error: describeError(error) };
  }
}

async function show(
  context: CommandContext,
  runtime: Runtime,
  json: boolean,
  now: { today: string; valueUsd: number | null; error?: string },
): Promise<void> {
  const goal = await goalStore(runtime).read();
  if (goal === null) {
    if (json) printJson(context.output, { goal: null });
    else
      context.output.stdout(
        'No goal set. Set one: dalio goal set --amount 100000 --by 2035-01-01 --monthly 500',
      );
    return;
  }
  const review = await reviewGoal({
    goal,
    today: now.today,
    valueUsd: now.valueUsd,
    targets: runtime.config.allocation.targets,
    source: { config: runtime.config, cache: strategyCache(runtime.config, runtime.logger) },
  });
  if (json) {
    printJson(context.output, {
      goal,
      today: now.today,
      valueError: now.error ?? null,
      probability: review.projection?.probability ?? null,
      neededMonthlyUsd: review.projection?.neededMonthlyUsd ?? null,
      projection: review.projection,
      plan: review.plan.points,
      progress: review.progress,
      history: review.history,
      method: describeGoalMethod(goal, review.history),
    });
    return;
  }
  context.output.stdout(renderReview(review, now).join('\n'));
}

/** The review as a person reads it. */
function renderReview(review: GoalReview, now: { today: string; error?: string }): string[] {
  const { goal, projection, progress } = review;
  const dollars = `dollars of ${goal.startDate}`;
  const lines = [
    `Goal: ${formatMoney(goal.amountUsd)} (${dollars}) by ${goal.targetDate}, adding ${formatMoney(goal.monthlyUsd)} a month; inflation ${goal.inflationPct} %/yr`,
  ];
  if (projection) {
    lines.push(
      `Chance of reaching it: ${pct(projection.probability)} (${goal.paths.toLocaleString('en-US')} paths)`,
      projection.neededMonthlyUsd === null
        ? `To reach it with ${goal.probabilityPct} % probability: no monthly amount gets there (no month starts before ${goal.targetDate})`
        : `To reach it with ${goal.probabilityPct} % probability: ${formatMoney(projection.neededMonthlyUsd)} a month`,
    );
  } else lines.push(`The goal date ${goal.targetDate} has passed: no projection.`);
  if (progress) {
    const { plan } = progress;
    const standing = {
      ahead: 'ahead of the plan (above its median)',
      'on-track': 'on track (between the plan’s 25th percentile and median)',
      behind: 'behind the plan (between its 10th and 25th percentile)',
      'well-behind': 'well behind the plan (below its 10th percentile)',
    }[progress.standing];
    lines.push(
      `Progress: ${formatMoney(progress.valueUsd)} now (${formatMoney(progress.realValueUsd)} in ${dollars}), ${pct(progress.shareOfGoal)} of the goal; ${standing}; the plan set on ${goal.startDate} expected ${formatMoney(plan.p50)} by ${plan.date} (25–75 %: ${formatMoney(plan.p25)}–${formatMoney(plan.p75)})`,
    );
  } else lines.push(`Progress: unknown, the broker could not be asked (${now.error ?? 'no answer'})`);
  if (projection) {
    lines.push('', `Projection in ${dollars} (percentiles of the paths):`);
    const table = new Table({
      head: ['Date', 'Invested', ...BAND_PERCENTILES.map((p) => `${p}th`)],
      colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      style: { head: [], border: [] },
    });
    // One row a year (the first month drawn in it), plus the start and the goal date.
    const yearly = projection.points.filter(
      (point, i, all) =>
        i === 0 || i === all.length - 1 || point.date.slice(0, 4) !== all[i - 1]?.date.slice(0, 4),
    );
    for (const point of yearly) {
      table.push([
        point.date,
        formatMoney(point.investedUsd),
        ...[point.p10, point.p25, point.p50, point.p75, point.p90].map(formatMoney),
      ]);
    }
    lines.push(table.toString());
  }
  lines.push(
    '',
    'How this is computed:',
    ...describeGoalMethod(goal, review.history).map((line) => `  ${line}`),
  );
  return lines;
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10} %`;
}
