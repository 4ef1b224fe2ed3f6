import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStateStore } from '@dalio-lite/state';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChildRun, dalioArgs, runProcess } from '../../test/child-processes.ts';
import { DRIFTED, type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

const SCRIPTS = new URL('../../../../scripts/', import.meta.url).pathname;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A `dalio` that runs this checkout's sources (the scripts find it through $DALIO), so no build is needed. */
let dalioFromSource = '';
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dalio-bin-'));
  dalioFromSource = join(dir, 'dalio');
  const args = dalioArgs([])
    .map((arg) => `'${arg}'`)
    .join(' ');
  await writeFile(dalioFromSource, `#!/bin/sh\nexec '${process.execPath}' ${args} "$@"\n`);
  await chmod(dalioFromSource, 0o755);
});

function script(name: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return runProcess(join(SCRIPTS, name), args, { ...env, DALIO: dalioFromSource });
}

async function tradedScenario(): Promise<E2eScenario> {
  const scenario = await startScenario({ at: MONDAY_10AM });
  cleanups.push(() => scenario.stop());
  await scenario.seed(DRIFTED);
  const run = await scenario.dalio(['run']);
  expect(run.code, run.stderr).toBe(0);
  return scenario;
}

describe('the operator scripts', () => {
  it.each(['emergency-shutdown.sh', 'recover-state.sh', 'health-check.sh'])(
    '%s --help says what it does and what its exit codes mean',
    async (name) => {
      const help = await script(name, ['--help'], { PATH: process.env.PATH });
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: scripts/${name.replace('.', '\\.')} `));
      expect(help.stdout).toMatch(/Exit codes:\n {2}0 /);
      const wrong = await script(name, ['--no-such-flag'], { PATH: process.env.PATH });
      expect(wrong.code).toBeGreaterThanOrEqual(2);
      expect(wrong.stderr).toContain('unknown option --no-such-flag');
    },
  );

  it('emergency-shutdown.sh halts, cancels the open orders, and every later cycle refuses', async () => {
    const scenario = await tradedScenario();
    // After the close a market order waits for the next open: an order a shutdown must cancel.
    await scenario.setClock('2025-03-03T17:30:00-05:00');
    const queued = await scenario.broker.submitOrder({
      clientOrderId: 'user-queued-1',
      symbol: 'GLD',
      side: 'buy',
      amount: { kind: 'notional', usd: '500.00' },
    });
    expect(queued.kind).toBe('accepted');
    expect((await script('emergency-shutdown.sh', ['--liquidate'], scenario.env)).code).toBe(2);

    const shutdown = await script('emergency-shutdown.sh', ['--reason', 'keys leaked'], scenario.env);
    expect(shutdown.code, shutdown.stderr).toBe(0);
    expect(shutdown.stderr).toContain('+ dalio halt --reason keys leaked --cancel-orders');
    expect(shutdown.stdout).toContain('HALTED since');
    const state = await createStateStore({ stateDir: scenario.stateDir }).load();
    expect(state?.payload.halt?.reason).toBe('keys leaked');
    const ledger = await scenario.sim.admin<{ orders: { clientOrderId: string; status: string }[] }>(
      'GET',
      '/ledger',
    );
    // Cancels are asynchronous at Alpaca: asked for, and never filled.
    const statusOf = (orders: { clientOrderId: string; status: string }[]) =>
      orders.find((order) => order.clientOrderId === 'user-queued-1')?.status;
    expect(['pending_cancel', 'canceled']).toContain(statusOf(ledger.orders));
    await scenario.setClock('2025-03-04T10:00:00-05:00');
    const refused = await scenario.dalio(['run', '--json']);
    expect(JSON.parse(refused.stdout)).toMatchObject({ outcome: 'refused', code: 'halted' });
    const later = await scenario.sim.admin<{ orders: { clientOrderId: string; status: string }[] }>(
      'GET',
      '/ledger',
    );
    expect(statusOf(later.orders)).toBe('canceled');
  }, 240_000);

  it('recover-state.sh shows the plan, restores only when confirmed, and reports health', async () => {
    const scenario = await tradedScenario();
    const before = await createStateStore({ stateDir: scenario.stateDir }).load();
    await writeFile(join(scenario.stateDir, 'state.json'), '{"torn":');

    const unconfirmed = await script('recover-state.sh', [], scenario.env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout).toMatch(/Restore plan \(dry run: nothing was changed\) for backup \S+:/);
    expect(unconfirmed.stderr).toContain('repeat with --yes to restore (nothing was changed)');
    await expect(createStateStore({ stateDir: scenario.stateDir }).load()).rejects.toMatchObject({
      kind: 'quarantined',
    });

    const restored = await script('recover-state.sh', ['--yes'], scenario.env);
    expect(restored.stderr).toContain('+ dalio backup restore latest');
    expect(restored.stdout).toMatch(/^Restored backup \S+:/m);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await createStateStore({ stateDir: scenario.stateDir }).load())?.payload).toEqual(
      before?.payload,
    );
  }, 240_000);

  it('health-check.sh exits with the health status, and 3 when the checks cannot run', async () => {
    const scenario = await tradedScenario();
    const health = await scenario.dalio(['health', '--json']);
    const status = (JSON.parse(health.stdout) as { status: 'ok' | 'warn' | 'critical' }).status;
    const checked = await script('health-check.sh', [], scenario.env);
    expect(checked.code).toBe({ ok: 0, warn: 1, critical: 2 }[status]);
    expect(checked.stderr).toMatch(/^(ok {6}|WARN {4}|CRITICAL) {2}backups: /m);
    expect(checked.stderr).toContain(`health-check: ${status}`);

    const broken = await script('health-check.sh', [], {
      ...scenario.env,
      DALIO_CONFIG: '/nonexistent/dalio.yaml',
    });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('health-check: the checks could not run');
  }, 240_000);
});
