import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createStateStore } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import { DRIFTED, type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

// `dalio run` in child processes against `dalio sim` in a child process, through the official Alpaca SDK.

let scenario: E2eScenario | null = null;
afterEach(async () => {
  await scenario?.stop();
  scenario = null;
});

describe('dalio run against the HTTP simulator', () => {
  it('rebalances a drifted portfolio sells first, ends within the band, and a second run the same day places nothing', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const first = await scenario.dalio(['run', '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ outcome: 'committed', day: '2025-03-03', code: 'traded' });
    const orders = await scenario.ownOrders();
    expect(orders[0]).toMatchObject({ clientOrderId: 'dl-20250303-a0-VTI-sell', status: 'filled' });
    const sellsFilled = Math.max(
      ...orders.filter((o) => o.side === 'sell').map((o) => Date.parse(o.filledAt ?? '')),
    );
    for (const buy of orders.filter((o) => o.side === 'buy'))
      expect(Date.parse(buy.createdAt)).toBeGreaterThanOrEqual(sellsFilled);
    const status = JSON.parse((await scenario.dalio(['status', '--json', '--broker'])).stdout);
    const equity = status.account.equityUsd as number;
    for (const position of status.account.positions as { symbol: string; marketValueUsd: number }[]) {
      const target = { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 }[position.symbol] ?? 0;
      expect(Math.abs(position.marketValueUsd / equity - target)).toBeLessThan(0.05);
    }

    const second = await scenario.dalio(['run']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /^2025-03-03: HOLD — Already rebalanced on 2025-03-03 \(status committed\)/,
    );
    expect(await scenario.ownOrders()).toHaveLength(orders.length);
  });

  it('`dalio plan` against the broker shows the decision and orders, and neither sends nor writes anything', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const plan = await scenario.dalio(['plan', '--json']);
    expect(plan.code).toBe(0);
    const parsed = JSON.parse(plan.stdout);
    expect(parsed).toMatchObject({ today: '2025-03-03', decision: { kind: 'trade' }, blockers: [] });
    expect(parsed.orders[0]).toMatchObject({ symbol: 'VTI', side: 'sell' });
    expect(await scenario.ownOrders()).toEqual([]);
    expect(existsSync(join(scenario.stateDir, 'state.json'))).toBe(false);
    await scenario.dalio(['halt', '--reason', 'test']);
    const blocked = await scenario.dalio(['plan']);
    expect(blocked.stdout).toContain('A real run would not trade now: Trading is halted since');
  });

  it('places nothing while the market is closed and says why', async () => {
    scenario = await startScenario({ at: '2025-03-01T12:00:00-05:00' });
    await scenario.setClock('2025-03-01T12:00:00-05:00');
    const run = await scenario.dalio(['run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^2025-03-01: REFUSED — The market is closed \(broker clock .*; next open 2025-03-03T/,
    );
    expect(await scenario.ownOrders()).toEqual([]);
  });

  it('a halted system places nothing until `dalio resume`', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const halt = await scenario.dalio(['halt', '--reason', 'checking the broker statement']);
    expect(halt.code).toBe(0);
    const refused = await scenario.dalio(['run']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('REFUSED — Trading is halted since');
    expect(refused.stdout).toContain('checking the broker statement');
    expect(await scenario.ownOrders()).toEqual([]);
    expect((await scenario.dalio(['resume'])).stdout).toBe(
      'Resumed; cleared: halt (checking the broker statement)\n',
    );
    expect(JSON.parse((await scenario.dalio(['run', '--json'])).stdout).outcome).toBe('committed');
  });

  it('the daily-loss breaker trips on a real bad day and stays tripped across restarts until `dalio resume`', async () => {
    // 2020-03-12: the dalio-lite mix fell 4.9 % close to close; this user's limit is 4 %. The simulator moves
    // prices through the day, so the second run looks late in the session, when most of the fall has happened.
    scenario = await startScenario({
      at: '2020-03-11T10:30:00-04:00',
      configYaml: 'risk:\n  maxDailyLossPct: 4\n',
    });
    expect(JSON.parse((await scenario.dalio(['run', '--json'])).stdout).outcome).toBe('committed');
    await scenario.setClock('2020-03-12T15:30:00-04:00');
    const tripped = await scenario.dalio(['run']);
    expect(tripped.code).toBe(1);
    expect(tripped.stdout).toMatch(/REFUSED — Daily loss 4\.\d % reached the limit of 4\.0 %/);
    await scenario.setClock('2020-03-13T10:30:00-04:00');
    const stillTripped = await scenario.dalio(['run']);
    expect(stillTripped.stdout).toContain('REFUSED — Daily loss');
    const state = await createStateStore({ stateDir: scenario.stateDir }).load();
    expect(state?.payload.breakers.dailyLoss?.reason).toMatch(/^Daily loss 4\.\d %/);
    const resumed = await scenario.dalio(['resume']);
    expect(resumed.stdout).toMatch(/^Resumed; cleared: daily-loss breaker/);
    expect(JSON.parse((await scenario.dalio(['run', '--json'])).stdout).code).not.toBe('breaker');
  });

  it('the drawdown pause trips in the 2008 crash and stays tripped across restarts until `dalio resume`', async () => {
    scenario = await startScenario({
      at: '2008-09-02T10:30:00-04:00',
      configYaml: 'risk:\n  maxDrawdownPct: 10\n',
    });
    expect(JSON.parse((await scenario.dalio(['run', '--json'])).stdout).outcome).toBe('committed');
    await scenario.setClock('2008-11-20T10:30:00-05:00');
    const paused = await scenario.dalio(['run']);
    expect(paused.code).toBe(1);
    expect(paused.stdout).toMatch(/REFUSED — Drawdown \d+\.\d % from the high-water mark/);
    await scenario.setClock('2009-06-01T10:30:00-04:00');
    expect((await scenario.dalio(['run'])).stdout).toContain('REFUSED — Drawdown');
    expect((await scenario.dalio(['resume'])).stdout).toMatch(/^Resumed; cleared: drawdown pause/);
    const after = JSON.parse((await scenario.dalio(['run', '--json'])).stdout);
    expect(after.code).not.toBe('breaker');
  });
});
