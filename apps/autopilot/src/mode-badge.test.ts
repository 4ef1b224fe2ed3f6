import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DalioConfig, parseConfig } from '@dalio-lite/config';
import type { CycleReport } from '@dalio-lite/engine';
import { modeBadge, tradingTarget } from '@dalio-lite/gate';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../test/run-cli.ts';
import { describeDaemonEvent } from './commands/daemon.ts';
import { dashboardDeps } from './commands/dashboard.ts';
import { describeReport } from './cycle-report-text.ts';
import type { DaemonEvent } from './daemon-loop.ts';
import { createRuntime } from './runtime.ts';

const SIM = 'http://127.0.0.1:8788';

/** Every way a configuration names its broker: the simulator, Alpaca paper or live, on Alpaca's host or a stand-in. */
const CASES: { name: string; yaml: string; env: Record<string, string> }[] = [
  { name: 'the built-in simulator', yaml: 'broker: { kind: simulator }', env: {} },
  {
    name: 'Alpaca paper',
    yaml: 'mode: paper',
    env: { APCA_API_KEY_ID: 'PKPAPER', APCA_API_SECRET_KEY: 's' },
  },
  {
    name: 'a stand-in for Alpaca paper',
    yaml: 'mode: paper',
    env: { APCA_API_KEY_ID: 'PKPAPER', APCA_API_SECRET_KEY: 's', DALIO_ALPACA_BASE_URL: SIM },
  },
  { name: 'Alpaca live', yaml: 'mode: live', env: { APCA_API_KEY_ID: 'AKLIVE', APCA_API_SECRET_KEY: 's' } },
  {
    name: 'a stand-in for Alpaca live',
    yaml: 'mode: live',
    env: { APCA_API_KEY_ID: 'AKLIVE', APCA_API_SECRET_KEY: 's', DALIO_ALPACA_BASE_URL: SIM },
  },
];

describe('the mode badge is read from the venue the engine trades', () => {
  it.each(CASES)(
    '$name: status, the dashboard and the engine broker agree on paper or live',
    async ({ yaml, env }) => {
      const dir = await mkdtemp(join(tmpdir(), 'dalio-badge-'));
      const fullEnv = { HOME: dir, DALIO_STATE_DIR: join(dir, 'state'), ...env };
      const config: DalioConfig = parseConfig(`${yaml}\n`, join(dir, 'dalio.yaml'), fullEnv);
      const runtime = createRuntime(config, { env: fullEnv });
      // The broker the engine is built with (no request is sent by building it).
      const { venue } = await runtime.broker();
      const expected = venue === 'alpaca-live' ? 'live' : 'paper';
      expect(modeBadge(tradingTarget(config))).toMatchObject({ venue, mode: expected });
      expect(dashboardDeps(runtime).mode).toBe(expected);
      const cli = { env: { ...fullEnv, DALIO_CONFIG: join(dir, 'dalio.yaml') }, cwd: dir };
      await writeFile(join(dir, 'dalio.yaml'), `${yaml}\n`);
      const status = JSON.parse((await runDalio(['status', '--json'], cli)).stdout);
      expect(status.mode).toBe(expected);
      expect(status.badge).toMatch(expected === 'live' ? /^LIVE — / : /^PAPER — /);
      expect(status.pin).toMatchObject({ ok: true });
    },
  );

  it('every cycle line of a live venue says LIVE (`dalio run`, the daemon), the simulator says so too', () => {
    const report: CycleReport = {
      outcome: 'hold',
      code: 'within-policy',
      day: '2025-03-03',
      reason: 'within band',
      decision: null,
      orders: [],
      answers: [],
      notes: [],
      cycleId: 'c1',
      errors: [],
      durationsMs: {},
    };
    const cycle: DaemonEvent = { type: 'cycle', day: '2025-03-03', report, retryInMs: null };
    expect(describeReport(report, 'alpaca-live')).toMatch(/^\[LIVE\] 2025-03-03: HOLD/);
    expect(describeDaemonEvent(cycle, 'alpaca-live')).toMatch(/^\[LIVE\] 2025-03-03 {2}HOLD/);
    expect(describeDaemonEvent(cycle, 'simulator')).toMatch(/^\[simulator\] /);
    expect(describeDaemonEvent(cycle, 'alpaca-paper')).toMatch(/^2025-03-03/);
  });

  it('a config can never show paper while its engine trades live: every live venue reads LIVE', () => {
    for (const { yaml, env } of CASES) {
      const config = parseConfig(`${yaml}\n`, '/home/ada/dalio.yaml', { HOME: '/home/ada', ...env });
      const target = tradingTarget(config);
      expect(target.venue === 'alpaca-live').toBe(config.mode === 'live');
      expect(modeBadge(target).text.startsWith('LIVE')).toBe(target.venue === 'alpaca-live');
    }
  });
});
