import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalioChild } from '../../test/child-processes.ts';
import { runDalio } from '../../test/run-cli.ts';
import type { SoakReport } from '../soak-report.ts';

describe('dalio soak', () => {
  it('runs the real daemon for 2 trading days under the default faults: the five scenarios handled, nothing duplicated or lost', {
    timeout: 240_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-soak-e2e-'));
    const run = await runDalioChild(
      ['soak', '--days', '2', '--speed', '3600', '--json', '--dir', join(dir, 'run')],
      { PATH: process.env.PATH, HOME: dir },
    );
    const report = JSON.parse(run.stdout) as SoakReport;
    expect(run.code).toBe(report.verdict === 'PASS' ? 0 : 1);
    expect(report).toMatchObject({
      days: 2,
      firstDay: '2024-01-08',
      lastDay: '2024-01-09',
      duplicateOrders: 0,
      unknownOrders: 0,
      doubleRebalances: 0,
      undetectedPartialFailures: 0,
      unhandledCrashes: 0,
      crashes: 1,
    });
    expect(report.orders).toBeGreaterThan(0);
    expect(report.cycles).toBeGreaterThanOrEqual(2);
    expect(report.apiErrors).toBeGreaterThan(0);
    expect(report.recoveries.map((scenario) => scenario.kind).sort()).toEqual([
      'broker-unreachable',
      'concurrent-runs',
      'process-crash',
      'rate-limit',
      'state-corruption',
    ]);
    expect(report.recoveries.filter((scenario) => !scenario.handled)).toEqual([]);
    // In two days the injected outages are a large share of all traffic and of the health samples, so the
    // two ratios may miss the gate; any other cause of a FAIL (a missed day, a double order) is a defect.
    const rates = /^(health green|API error rate) /;
    expect(report.causes.filter((cause) => !rates.test(cause))).toEqual([]);
    const markdown = await readFile(join(dir, 'run', 'soak-report.md'), 'utf8');
    expect(markdown).toMatch(new RegExp(`^# Dalio Lite soak: ${report.verdict}`));
    expect(JSON.parse(await readFile(join(dir, 'run', 'soak-report.json'), 'utf8'))).toEqual(report);
  });

  it('refuses an unknown fault profile with the choices', async () => {
    const run = await runDalio(['soak', '--faults', 'brutal']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe('dalio: --faults: "brutal" must be one of none, default, harsh');
  });
});
