import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

/** The simulator with its clock at Monday 2025-03-03 and the default $100,000 of fake cash. */
const CONFIG = 'broker:\n  kind: simulator\n  simulator:\n    startAt: "2025-03-03T10:00:00-05:00"\n';

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'dalio-goal-'));
  await writeFile(join(dir, 'dalio.yaml'), CONFIG);
  return (args: string[]) => runDalio(args, { env: { HOME: dir }, cwd: dir });
}

describe('dalio goal', () => {
  it('sets a goal, projects it from the portfolio with bands, chance and needed contribution, and keeps it', async () => {
    const dalio = await setup();
    expect((await dalio(['goal', 'show'])).stdout).toContain('No goal set.');
    const set = await dalio([
      'goal',
      'set',
      '--amount',
      '250000',
      '--by',
      '2035-01-01',
      '--monthly',
      '500',
      '--json',
    ]);
    expect(set.stderr).toBe('');
    expect(set.exitCode).toBe(0);
    const shown = JSON.parse(set.stdout);
    expect(shown.goal).toMatchObject({
      amountUsd: 250_000,
      targetDate: '2035-01-01',
      monthlyUsd: 500,
      inflationPct: 2.5,
      probabilityPct: 80,
      startDate: '2025-03-03',
      startValueUsd: 100_000,
      paths: 2000,
      blockDays: 21,
    });
    const last = shown.projection.points.at(-1);
    expect(last.date).toBe('2034-12-29');
    expect(last.p10).toBeLessThan(last.p25);
    expect(last.p25).toBeLessThan(last.p50);
    expect(last.p50).toBeLessThan(last.p75);
    expect(last.p75).toBeLessThan(last.p90);
    expect(shown.probability).toBeGreaterThan(0);
    expect(shown.probability).toBeLessThan(1);
    expect(shown.neededMonthlyUsd).toBeGreaterThan(0);
    expect(shown.progress).toMatchObject({ valueUsd: 100_000, shareOfGoal: 0.4, standing: 'on-track' });
    // A later run reads the stored goal and, with the same seed, gives the very same projection.
    const again = JSON.parse((await dalio(['goal', 'show', '--json'])).stdout);
    expect(again.goal).toEqual(shown.goal);
    expect(again.projection).toEqual(shown.projection);
    const text = (await dalio(['goal', 'show'])).stdout;
    expect(text).toContain('Goal: $250,000.00 (dollars of 2025-03-03) by 2035-01-01, adding $500.00 a month');
    expect(text).toMatch(/Chance of reaching it: \d+(\.\d)? % \(2,000 paths\)/);
    expect(text).toMatch(/To reach it with 80 % probability: \$[\d,]+\.\d\d a month/);
    expect(text).toContain('21-trading-day blocks');
  });

  it('the contribution it names reaches the chosen probability when set as the plan', async () => {
    const dalio = await setup();
    const goal = ['goal', 'set', '--amount', '300000', '--by', '2040-01-01', '--probability', '90', '--json'];
    const first = JSON.parse((await dalio([...goal, '--monthly', '0'])).stdout);
    const needed = first.neededMonthlyUsd;
    expect(first.probability).toBeLessThan(0.9);
    const edited = JSON.parse((await dalio([...goal, '--monthly', String(needed)])).stdout);
    expect(edited.probability).toBeGreaterThanOrEqual(0.9);
    expect(edited.neededMonthlyUsd).toBe(needed);
  });

  it('clears the goal, and refuses a goal date in the past with the fix', async () => {
    const dalio = await setup();
    await dalio(['goal', 'set', '--amount', '150000', '--by', '2030-06-30', '--monthly', '100']);
    expect((await dalio(['goal', 'clear'])).stdout).toBe('Goal cleared.\n');
    expect(JSON.parse((await dalio(['goal', 'show', '--json'])).stdout)).toEqual({ goal: null });
    const past = await dalio(['goal', 'set', '--amount', '150000', '--by', '2024-01-01', '--monthly', '100']);
    expect(past.exitCode).toBe(2);
    expect(past.stderr).toBe(
      'dalio: the goal date 2024-01-01 is not after today (2025-03-03): pick a later date\n',
    );
  });
});
