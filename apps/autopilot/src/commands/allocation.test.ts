import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

/** A user's paper setup: the simulator, its clock fixed at Monday 2025-03-03 10:00 New York (market open). */
const CONFIG = `# my Dalio Lite
broker:
  kind: simulator
  simulator:
    startAt: "2025-03-03T10:00:00-05:00"  # a Monday
`;

async function setup(config = CONFIG) {
  const dir = await mkdtemp(join(tmpdir(), 'dalio-allocation-'));
  await writeFile(join(dir, 'dalio.yaml'), config);
  const where = { env: { HOME: dir }, cwd: dir };
  const dalio = async (args: string[]) => runDalio(args, where);
  return { dir, dalio };
}

/** Weights of the positions at the broker, by symbol (fractions of equity). */
async function brokerWeights(dalio: (args: string[]) => Promise<{ stdout: string }>) {
  const { account } = JSON.parse((await dalio(['status', '--broker', '--json'])).stdout);
  return Object.fromEntries(
    account.positions.map((p: { symbol: string; marketValueUsd: number }) => [
      p.symbol,
      p.marketValueUsd / account.equityUsd,
    ]),
  );
}

describe('dalio allocation set', () => {
  it('blocks weights that do not total 100 % or a symbol the broker cannot trade, saying why, and writes nothing', async () => {
    const { dir, dalio } = await setup();
    const short = await dalio(['allocation', 'set', 'VTI=40', 'TLT=30', 'GLD=20', '--yes']);
    expect(short.exitCode).toBe(2);
    expect(short.stderr).toBe(
      'dalio: allocation not changed: the weights total 90 %, they must total exactly 100 %: add 10 more\n',
    );
    const unknown = await dalio(['allocation', 'set', 'VTI=50', 'NOPE=50', '--yes']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe(
      'dalio: allocation not changed: NOPE is not an asset the broker knows: check the ticker\n',
    );
    expect(await readFile(join(dir, 'dalio.yaml'), 'utf8')).toBe(CONFIG);
    expect((await readdir(dir)).filter((name) => name.endsWith('.bak'))).toEqual([]);
  });

  it('without --yes checks and previews only', async () => {
    const { dir, dalio } = await setup();
    const run = await dalio(['allocation', 'set', 'VTI=50', 'TLT=30', 'IEI=20']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Preview, replayed with your policy over 2007-01-11 to 2025-09-26');
    expect(run.stdout).toMatch(/^new allocation\s+\d+/m);
    expect(run.stdout).toContain('Note: GLD leaves the allocation but stays held, unmanaged');
    expect(run.stdout).toContain('Not applied: repeat with --yes');
    expect(await readFile(join(dir, 'dalio.yaml'), 'utf8')).toBe(CONFIG);
  });

  it('applies with --yes: config and backup written, pending until the next cycle, which trades toward it', async () => {
    // Symbols the new mix drops are sold (the user chose liquidate).
    const config = `${CONFIG}plan:\n  nonTargetHoldings: liquidate\n`;
    const { dir, dalio } = await setup(config);
    expect((await dalio(['run'])).exitCode).toBe(0);
    const before = await brokerWeights(dalio);
    expect(before.VTI).toBeCloseTo(0.4, 1);
    expect(before.DBC).toBeCloseTo(0.1, 1);

    const set = await dalio([
      'allocation',
      'set',
      'VTI=50',
      'TLT=30',
      'GLD=20',
      '--yes',
      '--by',
      'alice',
      '--json',
    ]);
    expect(set.exitCode).toBe(0);
    const applied = JSON.parse(set.stdout);
    expect(applied).toMatchObject({ applied: true, kind: 'allocation-changed', by: 'alice' });
    expect(await readFile(applied.backupPath, 'utf8')).toBe(config);
    const written = await readFile(join(dir, 'dalio.yaml'), 'utf8');
    expect(written).toContain('# a Monday');
    expect(written).toContain('targets: { VTI: 50, TLT: 30, GLD: 20 }');

    const pending = (await dalio(['status'])).stdout;
    expect(pending).toContain(`Allocation change pending since ${applied.at} (by alice)`);
    // Today already traded: the change waits for the next trading day, and stays pending.
    await dalio(['run']);
    expect(JSON.parse((await dalio(['allocation', 'show', '--json'])).stdout).pendingSince).toBe(applied.at);

    // Tuesday: well within the 30 minimum days, yet the change is acted on at once — the dry run says so too.
    await writeFile(join(dir, 'dalio.yaml'), written.replace('2025-03-03T10', '2025-03-04T10'));
    const plan = JSON.parse((await dalio(['plan', '--json'])).stdout);
    expect(JSON.stringify(plan)).toContain('Forced rebalance');
    const run = await dalio(['run', '--json']);
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.outcome).toBe('committed');
    expect(report.orders.map((o: { symbol: string; side: string }) => `${o.side} ${o.symbol}`)).toContain(
      'buy VTI',
    );
    const after = await brokerWeights(dalio);
    expect(after.VTI).toBeCloseTo(0.5, 1);
    expect(after.TLT).toBeCloseTo(0.3, 1);
    expect(after.GLD).toBeCloseTo(0.2, 1);
    expect(after.DBC).toBeUndefined();
    const shown = JSON.parse((await dalio(['allocation', 'show', '--json'])).stdout);
    expect(shown.pendingSince).toBeNull();
    expect(shown.effectiveFrom.day).toBe('2025-03-04');
    expect((await dalio(['status'])).stdout).not.toContain('pending');
    // Many whole `dalio` runs in process, each loading the simulator's history: slow on a busy machine.
  }, 90_000);
});
