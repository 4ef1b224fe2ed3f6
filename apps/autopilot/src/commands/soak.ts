import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGridProgress } from '../backtest-progress.ts';
import { CliError } from '../cli-error.ts';
import { SOAK_PROFILES, type SoakProfileName } from '../soak-profile.ts';
import { describeSoakReport } from '../soak-report.ts';
import { runSoak } from '../soak-run.ts';
import { workDir } from '../work-dir.ts';
import type { CommandContext } from './index.ts';

interface SoakFlags {
  days: string;
  faults: string;
  seed: string;
  speed: string;
  start: string;
  cash: string;
  dir?: string;
  json?: boolean;
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new CliError(`${flag}: "${value}" must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** Run `dalio soak` (imported when the command runs; its options and help are in soak-command.ts). */
export async function runSoakCommand(context: CommandContext, flags: SoakFlags): Promise<void> {
  const days = wholeNumber('--days', flags.days, 1, 250);
  const seed = wholeNumber('--seed', flags.seed, 0, 2 ** 31 - 1);
  const profile = SOAK_PROFILES.find((name) => name === flags.faults) as SoakProfileName | undefined;
  if (!profile) throw new CliError(`--faults: "${flags.faults}" must be one of ${SOAK_PROFILES.join(', ')}`);
  const speed = Number(flags.speed);
  if (!Number.isFinite(speed) || speed < 1 || speed > 100_000) {
    throw new CliError(`--speed: "${flags.speed}" must be a number from 1 to 100000`);
  }
  const cashUsd = Number(flags.cash);
  if (!Number.isFinite(cashUsd) || cashUsd < 1_000)
    throw new CliError(`--cash: "${flags.cash}" must be at least 1000`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(flags.start) || Number.isNaN(Date.parse(flags.start))) {
    throw new CliError(`--start: "${flags.start}" is not a date, use YYYY-MM-DD`);
  }
  const dir = await workDir(flags.dir, context.cwd, 'dalio-soak-');
  const terminal = !flags.json && process.stderr.isTTY === true;
  const bar = createGridProgress({ enabled: terminal, label: 'soak', unit: 'trading days' });
  let shown = -1;
  const report = await runSoak({
    days,
    profile,
    seed,
    speed,
    dir,
    startDay: flags.start,
    cashUsd,
    onProgress: ({ daysDone, days: total, day }) => {
      bar.onProgress({ done: daysDone, total });
      if (!terminal && daysDone !== shown) {
        shown = daysDone;
        context.output.stderr(`soak: ${daysDone}/${total} trading days (broker date ${day})`);
      }
    },
  });
  bar.stop();
  const markdown = describeSoakReport(report);
  await writeFile(join(dir, 'soak-report.md'), `${markdown}\n`);
  await writeFile(join(dir, 'soak-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  context.output.stdout(
    flags.json
      ? JSON.stringify(report)
      : `${markdown}\n\nReports: ${join(dir, 'soak-report.md')}, ${join(dir, 'soak-report.json')}`,
  );
  context.result.exitCode = report.verdict === 'PASS' ? 0 : 1;
}
