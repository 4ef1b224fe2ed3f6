/**
 * `pnpm bench`: soak days per minute. `dalio soak --days 3 --faults none --speed 3600` (the built `dist/`: the
 * real daemon against the HTTP simulator), timed from spawn to report, versus the pace that speed allows if
 * broker time never stood still (the calendar days from the first to the last trading day, at 86,400 / speed
 * seconds each). Broker time stands still while no daemon is up and while the daemon waits to retry, so the
 * ratio is what boots and retries cost. No budget: the issue asks for the figure. Not a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit } from '../../../bench/figure.ts';
import type { SoakReport } from '../src/soak-report.ts';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;
const DAYS = 3;
const SPEED = 3_600;
const DAY_MS = 86_400_000;

const home = await mkdtemp(join(tmpdir(), 'dalio-bench-soak-'));
try {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      MAIN,
      'soak',
      '--days',
      String(DAYS),
      '--faults',
      'none',
      '--speed',
      String(SPEED),
      '--json',
      '--dir',
      join(home, 'run'),
    ],
    { env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8' },
  );
  const minutes = (performance.now() - started) / 60_000;
  if (run.status !== 0) throw new Error(`dalio soak exited ${run.status}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as SoakReport;
  // The run starts at 07:00 New York time on the first day and ends after the last day's cycle (about 10:00),
  // so the broker time it needs is the calendar days between them plus three hours.
  const brokerMs =
    Date.parse(`${report.lastDay}T00:00:00Z`) - Date.parse(`${report.firstDay}T00:00:00Z`) + 3 * 3_600_000;
  const idealMinutes = brokerMs / SPEED / 60_000;
  const perMinute = report.days / minutes;
  console.log(
    `dalio soak --days ${DAYS} --faults none --speed ${SPEED}: ${minutes.toFixed(2)} min for ${report.days} trading days (${report.firstDay}…${report.lastDay}), verdict ${report.verdict}; ${(brokerMs / DAY_MS).toFixed(2)} calendar days of broker time would take ${idealMinutes.toFixed(2)} min`,
  );
  emit({
    id: 'simulation.soak.days-per-minute',
    label: `soak, trading days per minute (speed ${SPEED})`,
    unit: 'days/min',
    median: perMinute,
    spread: `${report.days} days in ${minutes.toFixed(2)} min, ${report.verdict}`,
    samples: 1,
    baseline: { label: 'broker time never standing still', median: report.days / idealMinutes },
    budget: null,
  });
} finally {
  await rm(home, { recursive: true, force: true });
}
