import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

const examples = new URL('../../examples/', import.meta.url).pathname;
const portfolio = join(examples, 'portfolio.json');
const prices = join(examples, 'prices.json');

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dalio-plan-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('dalio plan', () => {
  it('prints the decision, the drift table and the orders for the bundled example', async () => {
    const run = await runDalio([
      'plan',
      '--portfolio',
      portfolio,
      '--prices',
      prices,
      '--today',
      '2025-09-26',
    ]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      'Decision: TRADE — Drift outside band: VTI +11.6 pts (band 5.0 pts); TLT −8.2 pts',
    );
    expect(run.stdout).toMatch(/│ VTI\s+│\s+\$8,637\.55/);
    expect(run.stdout.indexOf('SELL VTI')).toBeLessThan(run.stdout.indexOf('BUY '));
  });

  it('--json gives the decision, drift rows and orders with sells before buys', async () => {
    const run = await runDalio([
      'plan',
      '--portfolio',
      portfolio,
      '--prices',
      prices,
      '--today',
      '2025-09-26',
      '--json',
    ]);
    const plan = JSON.parse(run.stdout);
    expect(plan.decision).toMatchObject({ kind: 'trade', trigger: 'band' });
    expect(plan.equityUsd).toBeCloseTo(16_742.45, 2);
    const sides = plan.orders.map((order: { side: string }) => order.side);
    expect(sides).toEqual([...sides].sort((a: string, b: string) => (a === b ? 0 : a === 'sell' ? -1 : 1)));
    expect(plan.orders[0]).toMatchObject({ symbol: 'VTI', side: 'sell', amount: { kind: 'qty' } });
  });

  it('holds inside the minimum days and says why', async () => {
    const run = await runDalio([
      'plan',
      '--portfolio',
      portfolio,
      '--prices',
      prices,
      '--today',
      '2025-06-20',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      'Decision: HOLD — Only 18 days since the last rebalance on 2025-06-02 (minimum 30)',
    );
  });

  it('a missing portfolio file is a one-line error with exit code 2', async () => {
    const run = await runDalio(['plan', '--portfolio', '/no/such/portfolio.json']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('dalio: --portfolio /no/such/portfolio.json: no such file, check the path\n');
  });

  it('a malformed portfolio names the bad key', async () => {
    const bad = await tempFile('portfolio.json', JSON.stringify({ cashUsd: -5, positions: [] }));
    const run = await runDalio(['plan', '--portfolio', bad]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^dalio: .*portfolio\.json: cashUsd: .+\n$/);
  });

  it('a missing price names the symbol and the fix', async () => {
    const noPrices = await tempFile(
      'portfolio.json',
      JSON.stringify({ cashUsd: 1000, positions: [{ symbol: 'VTI', qty: 1, priceUsd: 300 }] }),
    );
    const run = await runDalio(['plan', '--portfolio', noPrices, '--today', '2025-09-26']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'dalio: plan: no price for DBC: a plan needs a positive price for every symbol it trades; pass --prices FILE with every target symbol\n',
    );
  });

  it('a bad config file stops the command with its one-line error and exit code 2', async () => {
    const config = await tempFile(
      'dalio.yaml',
      'allocation:\n  targets: { VTI: 40, TLT: 30, GLD: 15, DBC: 10 }\n',
    );
    const run = await runDalio(['plan', '--portfolio', portfolio, '--prices', prices, '--config', config]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /^dalio: .*dalio\.yaml: allocation.*weights sum to 95, must sum to 100 \(or 1 as fractions\)\n$/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown option is a usage error with exit code 2', async () => {
    const run = await runDalio(['plan', '--portfolo', portfolio]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown option '--portfolo'");
  });
});
