import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isOwnClientOrderId } from '@dalio-lite/engine';
import { recordLiveDisable } from '@dalio-lite/gate';
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_KEY, type LiveFixture, PAPER_KEY, startLiveFixture } from '../test/live-fixture.ts';
import { enableLive } from './commands/live.ts';
import { createRuntime, type Runtime } from './runtime.ts';

/** Monday 2025-03-03, 10:00 New York: the simulator's market is open. */
const MONDAY_10AM = '2025-03-03T10:00:00-05:00';

interface Sent {
  key: string;
  kind: string;
  severity: string;
  title: string;
  mode: string;
}

const fixtures: LiveFixture[] = [];
afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.stop();
});

/**
 * A live install on the simulator (the stand-in live host, its clock fixed in an open market) with a GO
 * checklist. The runtime judges ages and clock skew by the simulator's clock, as it would by the real one.
 */
async function liveInstall(options: { crashPoints?: (step: string) => void | Promise<void> } = {}) {
  const live = await startLiveFixture({ clock: { kind: 'fixed', at: MONDAY_10AM }, s3: true });
  fixtures.push(live);
  await live.writeEvidence();
  await live.signOffAndTestAlerts();
  const runtime = createRuntime(live.liveConfig(), {
    env: live.env,
    now: () => live.simulator.clock.now(),
    ...(options.crashPoints ? { crashPoints: options.crashPoints } : {}),
  });
  await enableLive(runtime, {
    tier: 1,
    confirm: async (plan) => plan.accountNumber,
    by: 'Ada',
    note: 'tier 1',
  });
  return { live, runtime };
}

/** One cycle as `dalio run` does it: the engine's cycle, then its alerts. */
async function cycle(runtime: Runtime) {
  const report = await (await runtime.engine()).runCycle();
  await runtime.monitoring.afterCycle(report, await runtime.broker());
  return report;
}

/** Every file under a directory with its bytes' hash and its modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const hash = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
    files[path.slice(dir.length)] = `${hash} ${(await stat(path)).mtimeMs}`;
  }
  return files;
}

const total = (orders: { notional: string | null }[]) =>
  orders.reduce((sum, order) => sum + Number(order.notional ?? 0), 0);

describe('live trading on the simulator standing in for the live host', () => {
  it('the tier cap limits the orders: $100,000 of cash, tier 1 invests at most $1,000', async () => {
    const { live, runtime } = await liveInstall();
    const report = await cycle(runtime);
    expect(report.outcome).toBe('committed');
    const orders = live.ordersOf(LIVE_KEY);
    expect(orders.map((order) => order.symbol).sort()).toEqual(['DBC', 'GLD', 'TLT', 'VTI']);
    expect(orders.every((order) => order.side === 'buy')).toBe(true);
    expect(total(orders)).toBeGreaterThan(900);
    expect(total(orders)).toBeLessThanOrEqual(1000);
    const positions = await (await runtime.broker()).getPositions();
    expect(positions.reduce((sum, position) => sum + position.marketValueUsd, 0)).toBeLessThanOrEqual(
      1000.01,
    );
    const account = await (await runtime.broker()).getAccount();
    expect(account.cashUsd).toBeGreaterThanOrEqual(98_999.99);
    // The badge every surface shows reads the venue the engine traded: live, never paper.
    const status = JSON.parse((await live.dalio(['status', '--broker', '--json'])).stdout);
    expect(status).toMatchObject({ mode: 'live', boundTo: { venue: 'alpaca-live' }, pin: { ok: true } });
    expect(status.badge).toMatch(/^LIVE — /);
    expect(status.live.decision).toMatchObject({ tier: 1, capitalCapUsd: 1000 });
    const health = JSON.parse((await live.dalio(['health', '--json'])).stdout);
    expect(health.checks.find((check: { name: string }) => check.name === 'pin')).toMatchObject({
      status: 'ok',
      reason: `live keys (AK…) on ${live.simUrl} (standing in for Alpaca live), account ${account.id}`,
    });
  });

  it('the gate is re-checked before every live cycle: one item broken between two cycles, the second refuses and alerts', async () => {
    const { live, runtime } = await liveInstall();
    expect((await cycle(runtime)).outcome).toBe('committed');
    // After the first live cycle the state exists: it must be backed up, off-site too, and a restore drilled.
    await runtime.backups.create();
    const broker = await runtime.broker();
    const drill = await runtime.backups.drill(broker, (id) => isOwnClientOrderId('dl', id));
    expect(drill.ok).toBe(true);

    // Nothing broken: the gate holds and the day is simply done.
    const held = await cycle(runtime);
    expect(held).toMatchObject({ outcome: 'hold', code: 'already-rebalanced' });
    const ordersBefore = live.ordersOf(LIVE_KEY).length;
    const alertsBefore = live.hook.json<Sent>().length;

    // The soak report disappears between two cycles.
    await rm(live.soakReport);
    const refused = await cycle(runtime);
    expect(refused).toMatchObject({ outcome: 'refused', code: 'live-gate' });
    expect(refused.reason).toMatch(
      /^the live gate no longer holds: soak: no soak report at .* \(fix: run `dalio soak --days 30 --json > /,
    );
    expect(refused.reason).not.toMatch(/backup|restore-drill|paper-days|tests:/);
    expect(live.ordersOf(LIVE_KEY)).toHaveLength(ordersBefore);
    const alerts = live.hook.json<Sent>().slice(alertsBefore);
    expect(alerts).toEqual([
      expect.objectContaining({
        key: 'cycle',
        kind: 'cycle-refused',
        severity: 'critical',
        mode: 'live',
        title: expect.stringMatching(
          /^The live gate no longer holds, nothing traded on 2025-03-03: the live gate no longer holds: soak/,
        ),
      }),
    ]);
  });

  it('`dalio live disable` stops a live cycle between two orders, before the next order is sent', async () => {
    let runtime: Runtime | null = null;
    const installed = await liveInstall({
      crashPoints: async (step) => {
        if (step === 'after-intent-write' && runtime) {
          await recordLiveDisable(runtime.gate.files, { by: 'Ada', note: 'stop now', now: new Date() });
        }
      },
    });
    runtime = installed.runtime;
    const report = await cycle(runtime);
    expect(report).toMatchObject({ outcome: 'refused', code: 'live-gate' });
    expect(report.reason).toMatch(/live trading was disabled at \S+ by Ada \(stop now\)/);
    expect(installed.live.ordersOf(LIVE_KEY)).toEqual([]);
  });

  it('paper state is untouched by live runs, and live state by paper runs; each keeps its own backups and metrics', async () => {
    const live = await startLiveFixture({ clock: { kind: 'fixed', at: MONDAY_10AM }, s3: true });
    fixtures.push(live);
    await live.writeEvidence();
    const now = () => live.simulator.clock.now();
    const paper = createRuntime(live.paperConfig(), { env: live.paperEnv, now });
    expect((await cycle(paper)).outcome).toBe('committed');
    await paper.backups.create();
    const paperOrders = live.ordersOf(PAPER_KEY).length;
    const paperDirs = [live.paperStateDir, join(live.root, 'backups-paper')];
    const paperBefore = await Promise.all(paperDirs.map(snapshot));

    // Live: the checklist, enabling, cycles, a backup and a drill, status, health, metrics.
    await live.signOffAndTestAlerts();
    const runtime = createRuntime(live.liveConfig(), { env: live.env, now });
    await enableLive(runtime, { tier: 1, confirm: async (plan) => plan.accountNumber, by: 'Ada', note: '' });
    expect((await cycle(runtime)).outcome).toBe('committed');
    await runtime.backups.create();
    await runtime.backups.drill(await runtime.broker(), (id) => isOwnClientOrderId('dl', id));
    expect((await cycle(runtime)).code).toBe('already-rebalanced');
    for (const args of [['checklist'], ['status', '--broker'], ['health'], ['metrics']])
      await live.dalio(args);
    expect(await Promise.all(paperDirs.map(snapshot))).toEqual(paperBefore);
    expect(live.ordersOf(PAPER_KEY)).toHaveLength(paperOrders);

    // And the reverse: paper runs never touch the live state or its backups.
    const liveDirs = [live.liveStateDir, join(live.root, 'backups-live')];
    const liveBefore = await Promise.all(liveDirs.map(snapshot));
    expect((await cycle(paper)).code).toBe('already-rebalanced');
    for (const args of [['status', '--broker'], ['health'], ['metrics']])
      await live.dalio(args, { env: live.paperEnv });
    expect(await Promise.all(liveDirs.map(snapshot))).toEqual(liveBefore);

    // Metrics say which money they are about.
    const liveMetrics = (await live.dalio(['metrics'])).stdout;
    const paperMetrics = (await live.dalio(['metrics'], { env: live.paperEnv })).stdout;
    expect(liveMetrics).toMatch(/dalio_build_info\{[^}]*mode="live"/);
    expect(paperMetrics).toMatch(/dalio_build_info\{[^}]*mode="paper"/);
  });
});
