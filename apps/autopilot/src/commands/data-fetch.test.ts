import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPriceHistory } from '@dalio-lite/market-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autopilotEnv, runDalioChild, type SimChild, startSimChild } from '../../test/child-processes.ts';
import { runDalio } from '../../test/run-cli.ts';

describe('dalio data fetch: bad input', () => {
  it('without Alpaca keys says which variables to set, in one line, exit code 2', async () => {
    const run = await runDalio([
      'data',
      'fetch',
      '--symbols',
      'VTI',
      '--from',
      '2024-01-02',
      '--out',
      '/tmp/x',
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /^dalio: data fetch needs Alpaca API keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--symbols', 'VTI', '--from', '2024-1-2'], /--from: "2024-1-2" is not a date, use YYYY-MM-DD/],
    [['--symbols', 'VTI', '--from', '2024-03-01', '--to', '2024-02-30'], /--to: "2024-02-30" is not a date/],
    [
      ['--symbols', 'VTI', '--from', '2024-03-01', '--to', '2024-02-01'],
      /--from 2024-03-01 is after --to 2024-02-01/,
    ],
    [['--symbols', 'VTI,b@d', '--from', '2024-03-01'], /--symbols: "B@D" is not a ticker symbol/],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const run = await runDalio(['data', 'fetch', '--out', '/tmp/x', ...args], {
      env: { HOME: '/nonexistent-home', APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's' },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('dalio data fetch against `dalio sim` (child processes, the official SDK over HTTP)', () => {
  let sim: SimChild;
  let stateDir: string;

  beforeAll(async () => {
    // Friday evening: that day's session has closed, so its bar exists.
    sim = await startSimChild({ at: '2024-03-15T18:00:00-04:00' });
    stateDir = await mkdtemp(join(tmpdir(), 'dalio-data-'));
  }, 60_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it('writes one price file per symbol that loadPriceHistory reads back as the replayed history', async () => {
    const out = join(stateDir, 'prices');
    const run = await runDalioChild(
      [
        'data',
        'fetch',
        '--symbols',
        'vti,TLT',
        '--from',
        '2023-01-01',
        '--to',
        '2024-03-15',
        '--out',
        out,
        '--json',
      ],
      autopilotEnv(sim, stateDir),
    );
    expect(run.stderr).toMatch(/data: \[1\/2\] VTI: 302 bars 2023-01-03\.\.2024-03-15 → .*VTI\.csv/);
    expect(run.stderr).toMatch(/data: \[2\/2\] TLT: 302 bars 2023-01-03\.\.2024-03-15 → .*TLT\.csv/);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; files: { symbol: string; bars: number }[] };
    expect(report).toMatchObject({ ok: true, from: '2023-01-01', to: '2024-03-15', adjustment: 'all' });
    expect(report.files.map((file) => [file.symbol, file.bars])).toEqual([
      ['VTI', 302],
      ['TLT', 302],
    ]);
    expect((await readFile(join(out, 'VTI.csv'), 'utf8')).split('\n')[0]).toBe(
      'date,open,high,low,close,adj_close,volume',
    );
    expect((await stat(join(out, 'VTI.csv'))).mode & 0o777).toBe(0o644);

    const fetched = await loadPriceHistory({ dir: out, symbols: ['VTI', 'TLT'] });
    const bundled = await loadPriceHistory({ symbols: ['VTI', 'TLT'] });
    for (const symbol of ['VTI', 'TLT']) {
      const mine = fetched.get(symbol);
      const source = bundled.get(symbol);
      if (!mine || !source) throw new Error(`${symbol} missing`);
      const start = source.dates.indexOf('2023-01-03');
      expect(mine.dates).toEqual(source.dates.slice(start, start + mine.dates.length));
      expect(mine.dates.at(-1)).toBe('2024-03-15');
      // The simulator quotes at 4 decimals.
      mine.adjClose.forEach((close, i) => {
        expect(Math.abs(close - (source.adjClose[start + i] as number))).toBeLessThanOrEqual(
          0.000_05 + 1e-12,
        );
      });
    }
  });

  it('fails with exit code 1 naming a symbol the broker has no bars for', async () => {
    const run = await runDalioChild(
      [
        'data',
        'fetch',
        '--symbols',
        'ZZZZ',
        '--from',
        '2024-01-02',
        '--to',
        '2024-03-15',
        '--out',
        join(stateDir, 'none'),
      ],
      autopilotEnv(sim, stateDir),
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'dalio: ZZZZ: the broker has no daily bars between 2024-01-02 and 2024-03-15; check the symbol',
    );
  });
});
