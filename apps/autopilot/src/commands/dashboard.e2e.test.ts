import { spawn } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dalioArgs, waitUntilStopped } from '../../test/child-processes.ts';
import { type DashboardChild, E2E_DASHBOARD_TOKEN, startDashboardChild } from '../../test/dashboard-child.ts';
import { DRIFTED, type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';
import { runDalio } from '../../test/run-cli.ts';

let scenario: E2eScenario | null = null;
let dashboard: DashboardChild | null = null;
afterEach(async () => {
  await dashboard?.stop();
  dashboard = null;
  await scenario?.stop();
  scenario = null;
});

/** The scenario's environment with the lock's real stale time (a stopped holder stays the holder). */
function realStaleEnv(s: E2eScenario): NodeJS.ProcessEnv {
  const { DALIO_LOCK_STALE_MS: _, ...env } = s.env;
  return env;
}

/** Our own orders as sets: every symbol and side at most once, every id once, one attempt. */
function ordersAsOneSet(orders: { clientOrderId: string; symbol: string; side: string }[]) {
  const legs = orders.map((order) => `${order.side} ${order.symbol}`);
  return {
    duplicateIds: orders.length - new Set(orders.map((order) => order.clientOrderId)).size,
    duplicateLegs: legs.length - new Set(legs).size,
    attempts: [...new Set(orders.map((order) => /-a(\d+)-/.exec(order.clientOrderId)?.[1]))],
  };
}

describe('dalio dashboard', () => {
  it('prints its URL and a one-time login link; a generated token is printed on the first start only', async () => {
    const home = await mkdtemp(join(tmpdir(), 'dalio-dash-'));
    const env = { PATH: process.env.PATH, HOME: home, DALIO_STATE_DIR: join(home, 'state') };
    const start = async () => {
      const child = spawn(process.execPath, dalioArgs(['dashboard', '--port', '0']), {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('Ctrl-C stops it.')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      return stdout.split('\n');
    };
    const first = await start();
    expect(first[0]).toMatch(
      /^Dalio Lite dashboard on http:\/\/127\.0\.0\.1:\d+\/ \(trading on the BUILT-IN SIMULATOR \(fake money, no real broker\)\)$/,
    );
    expect(first[1]).toMatch(/^ {2}sign in {5}http:\/\/127\.0\.0\.1:\d+\/#login=[\w-]{43}$/);
    expect(first[3]).toMatch(/^ {2}new token {3}[\w-]{43}$/);
    expect(first[4]).toContain(`saved to ${join(home, 'state', 'dashboard-token')} (mode 0600)`);
    expect((await stat(join(home, 'state', 'dashboard-token'))).mode & 0o777).toBe(0o600);
    const second = await start();
    expect(second.join('\n')).not.toContain('new token');
    expect(second[1]).toMatch(/#login=[\w-]{43}$/);
    expect(second[1]).not.toBe(first[1]);
  }, 120_000);

  it('refuses to bind an address other machines can reach without a token: exit 2 and the fix', async () => {
    const home = await mkdtemp(join(tmpdir(), 'dalio-dash-'));
    const run = await runDalio(['dashboard', '--host', '0.0.0.0', '--port', '0'], {
      env: { HOME: home, DALIO_STATE_DIR: join(home, 'state') },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'dalio: dashboard.host 0.0.0.0 is reachable from other machines but no token is set: set DALIO_DASHBOARD_TOKEN or dashboard.tokenFile, or bind 127.0.0.1\n',
    );
    expect(run.stdout).toBe('');
  });
});

describe('"rebalance now" and `dalio run` share one rebalance lock', () => {
  it('while a `dalio run` process holds the lock the HTTP action is a 409 "rebalance in progress"; the ledger shows one set of orders', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const env = realStaleEnv(scenario);
    dashboard = await startDashboardChild(env);
    const browser = await dashboard.signIn();
    const holder = spawn(process.execPath, dalioArgs(['run', '--json']), {
      env: { ...env, DALIO_PAUSE_AT: 'after-lock' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let holderOut = '';
    holder.stdout.on('data', (chunk: Buffer) => (holderOut += chunk.toString()));
    const holderExit = new Promise<number | null>((resolve) => holder.once('exit', resolve));
    await waitUntilStopped(holder.pid ?? 0);

    const busy = await dashboard.act('/api/rebalance', { force: false }, browser);
    expect(busy.status).toBe(409);
    const { error } = (await busy.json()) as { error: { message: string } };
    expect(error.message).toMatch(
      new RegExp(`^A rebalance is in progress in process ${holder.pid} on host .+ since .+; nothing done$`),
    );
    expect(await scenario.ownOrders()).toEqual([]);

    holder.kill('SIGCONT');
    expect(await holderExit).toBe(0);
    expect(JSON.parse(holderOut)).toMatchObject({ outcome: 'committed', code: 'traded' });

    const after = await dashboard.act('/api/rebalance', { force: false }, browser);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ outcome: 'hold', code: 'already-rebalanced' });
    const orders = await scenario.ownOrders();
    expect(orders.length).toBeGreaterThan(1);
    expect(ordersAsOneSet(orders)).toEqual({ duplicateIds: 0, duplicateLegs: 0, attempts: ['0'] });
    // Sign-ins and actions were logged; the token never was.
    expect(dashboard.stderr()).not.toContain(E2E_DASHBOARD_TOKEN);
  }, 180_000);

  it('three `dalio run` processes racing the HTTP action: one cycle trades, the ledger shows one set of orders', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const env = realStaleEnv(scenario);
    dashboard = await startDashboardChild(env);
    const browser = await dashboard.signIn();
    const runs = [0, 1, 2].map(() => scenario?.dalio(['run', '--json'], env));
    // Fire the HTTP action the moment one of them holds the lock, so the two paths overlap for real.
    const lockDir = join(scenario.stateDir, 'rebalance.lock');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(await stat(lockDir).catch(() => null)))
      await new Promise((resolve) => setTimeout(resolve, 20));
    const http = await dashboard.act('/api/rebalance', { force: false }, browser);
    const cli = await Promise.all(runs);

    const outcomes = cli.map((run) => (JSON.parse(run?.stdout ?? '{}') as { code: string }).code);
    const httpBody = (await http.json()) as { code?: string; error?: { message: string } };
    if (http.status === 200) outcomes.push(httpBody.code ?? '');
    else {
      expect(http.status).toBe(409);
      expect(httpBody.error?.message).toMatch(/^A rebalance is in progress in process \d+ /);
    }
    expect(outcomes.filter((code) => code === 'traded')).toHaveLength(1);
    expect(outcomes.every((code) => ['traded', 'lock-busy', 'already-rebalanced'].includes(code))).toBe(true);
    const orders = await scenario.ownOrders();
    expect(orders.length).toBeGreaterThan(1);
    expect(ordersAsOneSet(orders)).toEqual({ duplicateIds: 0, duplicateLegs: 0, attempts: ['0'] });
  }, 180_000);
});

describe('backups from the dashboard', () => {
  it('"backup now" takes a verified backup with the service of `dalio backup`, and the panel lists it', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const child = await startDashboardChild(scenario.env);
    dashboard = child;
    const browser = await child.signIn();
    expect((await child.act('/api/rebalance', { force: false }, browser)).status).toBe(200);
    const taken = await child.act('/api/backups', {}, browser);
    expect(taken.status).toBe(200);
    const backup = (await taken.json()) as { id: string; location: string; verifiedAt: string | null };
    expect(backup.location).toMatch(/^local /);
    expect(backup.verifiedAt).not.toBeNull();
    const listed = await scenario.dalio(['backup', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(backup.id);
    // The panel's read is refreshed in the background: wait for it, as the page would on the change event.
    type Panel = { value: { configured: boolean; backups: { id: string }[] } | null };
    const panel = await vi.waitFor(
      async () => {
        const response = await fetch(new URL('/api/backups', child.url), {
          headers: { cookie: browser.cookie },
        });
        const read = (await response.json()) as Panel;
        expect(read.value?.backups.map((item) => item.id)).toContain(backup.id);
        return read;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(panel.value?.configured).toBe(true);
    // The cycle's own automatic backup is listed too: "backup now" adds one beside it.
    expect(panel.value?.backups.map((item) => item.id)).toContain(backup.id);
  }, 180_000);
});
