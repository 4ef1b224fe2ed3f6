import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Broker,
  BrokerRequestError,
  BrokerUnavailableError,
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  createSimulatorBroker,
} from '@dalio-lite/broker';
import {
  createHeartbeat,
  createRebalanceHistory,
  createStateStore,
  type HistoryEntry,
  initialStatePayload,
} from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { cycle, SETTINGS } from '../../test/health-fixtures.ts';
import { createMetricsRecorder } from '../metrics-recorder.ts';
import { createPositionsLedger } from '../positions-ledger.ts';
import type { CheckName } from './health-report.ts';
import { runHealthChecks } from './run-health-checks.ts';

const KEYS = 'APCA_API_KEY_ID and APCA_API_SECRET_KEY';

async function scenario(options: { accountId?: string } = {}) {
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-health-'));
  const simulator = createSimulator({
    clock: createSimClock({ mode: { kind: 'fixed', at: '2025-03-04T15:30:00.000Z' } }),
    prices: createModelPriceFeed({
      seed: 11,
      symbols: ['VTI', 'TLT', 'GLD', 'DBC'],
      from: '2024-01-02',
      to: '2026-12-31',
    }),
    initialCashUsd: 100_000,
    seed: 3,
  });
  const broker = createSimulatorBroker({ simulator });
  const store = createStateStore({ stateDir });
  await store.initialize({
    ...initialStatePayload(),
    account: {
      venue: 'simulator',
      accountId: options.accountId ?? 'default',
      since: '2025-03-03T15:00:00.000Z',
    },
  });
  const history = createRebalanceHistory({ stateDir });
  const { entry } = cycle(1, { day: '2025-03-04', finishedAt: '2025-03-04T15:00:02.000Z' });
  await history.append(entry as HistoryEntry);
  const recorder = createMetricsRecorder({ stateDir });
  const run = (brokerFactory: () => Promise<Broker> = async () => broker) =>
    runHealthChecks({
      stateDir,
      store,
      history,
      heartbeat: createHeartbeat({ stateDir }),
      ledger: createPositionsLedger({ stateDir }),
      readMetrics: () => recorder.flush(),
      broker: brokerFactory,
      keyNames: KEYS,
      settings: SETTINGS,
    });
  return { stateDir, broker, run };
}

const statusOf = (checks: { name: CheckName; status: string }[]) =>
  Object.fromEntries(checks.map((check) => [check.name, check.status]));

describe('runHealthChecks against the simulator', () => {
  it('a running autopilot is healthy where it matters (heartbeat, state, broker, account, orders, data, lock, disk)', async () => {
    const { run } = await scenario();
    const { report } = await run();
    expect(statusOf(report.checks)).toMatchObject({
      heartbeat: 'ok',
      state: 'ok',
      broker: 'ok',
      account: 'ok',
      'open-orders': 'ok',
      'data-freshness': 'ok',
      lock: 'ok',
      disk: 'ok',
      'trading-gates': 'ok',
    });
  });

  it('keys rejected (401): critical, naming the keys, and every check that needs the broker cannot run', async () => {
    const { run, broker } = await scenario();
    const rejecting: Broker = {
      ...broker,
      getAccount: async () => {
        throw new BrokerRequestError('get account: request is not authorized', {
          status: 401,
          code: 40110000,
        });
      },
    };
    const { report } = await run(async () => rejecting);
    expect(report.status).toBe('critical');
    const brokerCheck = report.checks.find((check) => check.name === 'broker');
    expect(brokerCheck?.reason).toBe(
      `the broker rejected the API keys (HTTP 401: get account: request is not authorized): ${KEYS} are not accepted`,
    );
    expect(brokerCheck?.fix).toContain('create a new key pair');
    for (const name of [
      'heartbeat',
      'account',
      'open-orders',
      'data-freshness',
      'drift',
      'ledger',
    ] as const) {
      expect(report.checks.find((check) => check.name === name)).toMatchObject({
        status: 'critical',
        reason: expect.stringMatching(/^cannot run.*rejected the API keys/),
      });
    }
  });

  it('a broker that cannot be reached, or built, is critical with the reason', async () => {
    const { run, broker } = await scenario();
    const down: Broker = {
      ...broker,
      getAccount: async () => {
        throw new BrokerUnavailableError('get account: broker unavailable after 3 attempts (fetch failed)');
      },
    };
    const unreachable = await run(async () => down);
    expect(unreachable.report.checks.find((c) => c.name === 'broker')?.reason).toMatch(
      /^the broker could not be reached/,
    );
    const unbuilt = await run(async () => {
      throw new Error('broker.kind alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY; set both');
    });
    expect(unbuilt.report.checks.find((c) => c.name === 'broker')).toMatchObject({
      status: 'critical',
      reason: expect.stringContaining('needs APCA_API_KEY_ID'),
    });
  });

  it('a corrupt state file is critical with the way out', async () => {
    const { run, stateDir } = await scenario();
    await writeFile(join(stateDir, 'state.json'), '{"schemaVersion":3,"seq":1, torn');
    const { report } = await run();
    expect(report.checks.find((check) => check.name === 'state')).toMatchObject({
      status: 'critical',
      fix: expect.stringContaining('dalio state accept-restored'),
    });
  });

  it('a state that belongs to another account is critical', async () => {
    const { run } = await scenario({ accountId: 'someone-else' });
    const { report } = await run();
    expect(report.checks.find((check) => check.name === 'account')).toMatchObject({
      status: 'critical',
      reason: expect.stringContaining('this state belongs to simulator someone-else'),
    });
  });
});
