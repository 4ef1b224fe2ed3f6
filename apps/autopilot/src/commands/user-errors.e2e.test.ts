import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ChildRun, runDalioChild } from '../../test/child-processes.ts';

// Mistakes a new user makes, run as the user runs the command: one line naming the problem and the fix,
// the right exit code, and no stack trace.
async function home(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(join(tmpdir(), 'dalio-user-errors-'));
  await chmod(dir, 0o755);
  const config = join(dir, 'dalio.yaml');
  await writeFile(
    config,
    'broker:\n  kind: simulator\n  simulator:\n    startAt: "2025-03-03T10:00:00-05:00"\n',
  );
  return { dir, env: { PATH: process.env.PATH, HOME: dir, DALIO_CONFIG: config } };
}

function expectOneLine(run: ChildRun, code: number, pattern: RegExp): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: '' });
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('what a new user gets wrong, and what the command says', () => {
  it('a state directory this user may not change: exit 2 naming the directory and the fix, for status and the daemon too', async () => {
    const user = await home();
    // A directory of another user (0755): readable, but it cannot be taken over. As root (CI), the command
    // runs as "nobody" against a directory of root's; otherwise against /var/lib, which belongs to root.
    const root = process.getuid?.() === 0;
    const stateDir = root ? join(user.dir, 'state') : '/var/lib';
    if (root) {
      await mkdir(stateDir, { mode: 0o755 });
      await chmod(stateDir, 0o755);
    }
    const asNobody = root ? { uid: 65534, gid: 65534 } : null;
    for (const command of [['status'], ['run'], ['daemon']]) {
      const run = await runDalioChild(command, { ...user.env, DALIO_STATE_DIR: stateDir }, asNobody);
      expectOneLine(
        run,
        2,
        new RegExp(
          `^dalio: the state directory ${stateDir} cannot be used: this user may not change it .*\\(EPERM on chmod\\); fix its owner and permissions .* or point DALIO_STATE_DIR`,
        ),
      );
    }
  });

  it('a state path under a file: exit 2 saying a part of the path is a file', async () => {
    const user = await home();
    await writeFile(join(user.dir, 'a-file'), 'x');
    const run = await runDalioChild(['status'], {
      ...user.env,
      DALIO_STATE_DIR: join(user.dir, 'a-file', 'state'),
    });
    expectOneLine(
      run,
      2,
      /^dalio: the state directory .*a-file\/state cannot be used: a part of the path is a file, not a directory \(ENOTDIR on mkdir\)/,
    );
  });

  it('a prices file with a word for a price names the symbol and the value', async () => {
    const user = await home();
    const portfolio = join(user.dir, 'portfolio.json');
    const prices = join(user.dir, 'prices.json');
    await writeFile(portfolio, JSON.stringify({ cashUsd: 1000, positions: [{ symbol: 'VTI', qty: 1 }] }));
    await writeFile(prices, JSON.stringify({ VTI: 300, TLT: 'n/a', GLD: 180, DBC: 20 }));
    const run = await runDalioChild(['plan', '--portfolio', portfolio, '--prices', prices], user.env);
    expectOneLine(
      run,
      2,
      new RegExp(
        `^dalio: ${prices}: TLT: "n/a" is not a price, use a positive number of dollars such as 301.25\\n$`,
      ),
    );
  });

  it('"cash" in a portfolio file asks whether cashUsd was meant', async () => {
    const user = await home();
    const portfolio = join(user.dir, 'portfolio.json');
    await writeFile(portfolio, JSON.stringify({ cash: 1000, positions: [] }));
    const run = await runDalioChild(['plan', '--portfolio', portfolio], user.env);
    expectOneLine(
      run,
      2,
      /^dalio: .*portfolio\.json: "cash" is not a key of this file \(did you mean "cashUsd"\?\); the keys are cashUsd, positions, pricesUsd, lastRebalance\n$/,
    );
  });

  it('an unreachable broker is named with its address and the cause, and status --broker exits 1', async () => {
    const user = await home();
    const env = {
      PATH: process.env.PATH,
      HOME: user.dir,
      APCA_API_KEY_ID: 'key',
      APCA_API_SECRET_KEY: 'secret',
      DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:59999',
      DALIO_STATE_DIR: join(user.dir, 'state'),
    };
    const status = await runDalioChild(['status', '--broker'], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(
      /\nBroker: the broker could not be reached \(ECONNREFUSED 127\.0\.0\.1:59999: nothing is listening there\); check the network, DALIO_ALPACA_BASE_URL/,
    );
    expect(status.stdout).not.toContain('fetch failed;');
  });

  it('--from after --to says the dates are reversed', async () => {
    const user = await home();
    const run = await runDalioChild(['backtest', '--from', '2024-06-01', '--to', '2024-01-01'], user.env);
    expectOneLine(
      run,
      2,
      /^dalio: --from 2024-06-01 is after --to 2024-01-01: the dates are reversed; swap them \(--from 2024-01-01 --to 2024-06-01\)\n$/,
    );
  });
});
