import { userInfo } from 'node:os';
import type { AllocationChoice, DalioConfig } from '@dalio-lite/config';
import { isPresetName, PRESETS } from '@dalio-lite/core';
import {
  applyAllocation,
  checkAllocationDraft,
  type DraftCheck,
  describeAllocationStatus,
  formatTargets,
  readAllocationStatus,
} from '@dalio-lite/strategy';
import { toCliError } from '../backtest-flags.ts';
import { statsToJson } from '../backtest-report.ts';
import { renderStatsTable } from '../backtest-stats-table.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { createCommandLogger } from '../logger.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';
import { priceSource, strategyCache } from './strategy.ts';

interface SetFlags {
  preset?: string;
  yes?: boolean;
  by?: string;
  data?: string;
  json?: boolean;
  config?: string;
}

/** Run `dalio allocation show` (imported when the command runs; its options and help are in allocation-command.ts). */
export async function runAllocationShowCommand(
  context: CommandContext,
  flags: { json?: boolean; config?: string },
): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const status = await readAllocationStatus(createRuntime(config).history);
  if (flags.json) {
    printJson(context.output, { ...config.allocation, configPath: config.source, ...status });
    return;
  }
  context.output.stdout(
    [
      `Allocation: ${config.allocation.preset === 'custom' ? 'your own' : `preset ${config.allocation.preset}`} — ${formatTargets(config.allocation.targets)}`,
      `Config: ${config.source ?? 'no config file (the defaults); `dalio allocation set` creates ./dalio.yaml'}`,
      ...describeAllocationStatus(status),
    ].join('\n'),
  );
}

/** Run `dalio allocation set` (imported when the command runs; its options and help are in allocation-command.ts). */
export async function runAllocationSetCommand(
  context: CommandContext,
  weights: string[],
  flags: SetFlags,
): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const { choice, weightsPct } = parseChoice(weights, flags.preset);
  const runtime = createRuntime(config);
  const logger = createCommandLogger(config, false, { env: context.env });
  const check = await checkAllocationDraft({
    weightsPct,
    currentTargets: config.allocation.targets,
    getAsset: async (symbol) => (await runtime.broker()).getAsset(symbol),
    config,
    prices: priceSource(flags.data, context.cwd),
    cache: strategyCache(config, logger),
  }).catch((error: unknown) => {
    throw toCliError(error);
  });
  if (!check.ok) throw new CliError(`allocation not changed: ${check.problems.join('; ')}`);
  if (!flags.yes) {
    if (flags.json) printJson(context.output, { applied: false, check: checkToJson(check) });
    else
      context.output.stdout(
        [
          ...describeCheck(check, config),
          `Not applied: repeat with --yes to write it to ${config.source ?? './dalio.yaml'}`,
        ].join('\n'),
      );
    return;
  }
  const outcome = await applyAllocation({
    config,
    choice,
    by: flags.by ?? loginName(),
    env: context.env,
    cwd: context.cwd,
    history: runtime.history,
  });
  if (outcome.kind === 'unchanged') {
    if (flags.json) printJson(context.output, { applied: false, unchanged: true });
    else context.output.stdout('The config already holds this allocation: nothing changed.');
    return;
  }
  const { change } = outcome;
  if (flags.json) {
    printJson(context.output, { applied: true, n: outcome.n, ...change, check: checkToJson(check) });
    return;
  }
  context.output.stdout(
    [
      ...describeCheck(check, config),
      `Allocation set to ${formatTargets(change.to.targets)}${change.to.preset === 'custom' ? '' : ` (preset ${change.to.preset})`} in ${change.configPath}${change.backupPath ? `; the previous file is kept as ${change.backupPath}` : ''}.`,
      `Recorded in the history as changed by ${change.by} at ${change.at}. It takes effect at the next cycle (\`dalio status\` shows it pending until then).`,
    ].join('\n'),
  );
}

/** The weights or preset the user gave, as a config choice and as percentages to check. */
function parseChoice(
  weights: readonly string[],
  preset: string | undefined,
): { choice: AllocationChoice; weightsPct: Record<string, number> } {
  if (preset !== undefined && weights.length > 0) {
    throw new CliError('allocation set: give weights or --preset, not both');
  }
  if (preset !== undefined) {
    if (!isPresetName(preset)) {
      throw new CliError(
        `--preset: unknown preset "${preset}", use one of ${Object.keys(PRESETS).join(', ')}`,
      );
    }
    const weightsPct = Object.fromEntries(
      Object.entries(PRESETS[preset].targets).map(([symbol, weight]) => [symbol, weight * 100]),
    );
    return { choice: { preset }, weightsPct };
  }
  if (weights.length === 0) {
    throw new CliError('allocation set: give weights such as VTI=40 TLT=30 GLD=20 DBC=10, or --preset NAME');
  }
  const weightsPct: Record<string, number> = {};
  for (const part of weights.flatMap((arg) => arg.split(',')).filter((text) => text.trim() !== '')) {
    const match = /^\s*([A-Za-z][A-Za-z0-9.-]*)\s*[=:]\s*([0-9.]+)\s*%?\s*$/.exec(part);
    if (!match) throw new CliError(`allocation set: "${part}" is not SYMBOL=PERCENT, e.g. VTI=40`);
    const symbol = (match[1] as string).toUpperCase();
    if (symbol in weightsPct) throw new CliError(`allocation set: ${symbol} is given twice, give it once`);
    weightsPct[symbol] = Number(match[2]);
  }
  return { choice: { targetsPct: weightsPct }, weightsPct };
}

function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown user';
  }
}

/** The check as a person reads it: the new mix against the current one, notes per symbol, the preview. */
function describeCheck(check: DraftCheck, config: DalioConfig): string[] {
  const preview = check.preview;
  const figures = preview?.strategies[0];
  return [
    `Current allocation: ${formatTargets(config.allocation.targets)}`,
    ...[...check.notes, ...check.symbols.flatMap((symbol) => symbol.notes)].map((note) => `Note: ${note}`),
    ...(preview && figures
      ? [
          `Preview, replayed with your policy over ${preview.dates[0]} to ${preview.dates.at(-1)} (${preview.dates.length} trading days):`,
          renderStatsTable([{ label: 'new allocation', stats: figures }]),
        ]
      : [`Preview: ${check.previewNote}`]),
  ];
}

/** The check for `--json`: the verdict and notes, and the preview's figures without its curves. */
function checkToJson(check: DraftCheck): Record<string, unknown> {
  const figures = check.preview?.strategies[0];
  return {
    ok: check.ok,
    totalPct: check.totalPct,
    problems: check.problems,
    notes: check.notes,
    symbols: check.symbols,
    previewNote: check.previewNote,
    preview:
      check.preview && figures
        ? {
            from: check.preview.dates[0],
            to: check.preview.dates.at(-1),
            targets: figures.targets,
            ...statsToJson(figures),
          }
        : null,
  };
}
