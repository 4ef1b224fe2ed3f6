import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAlpacaBroker,
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  type SimClockMode,
  type Simulator,
  type SimulatorServer,
  simAccountIdForKey,
  startSimulatorServer,
} from '@dalio-lite/broker';
import { type DalioConfig, loadConfig } from '@dalio-lite/config';
import { MANUAL_ITEMS } from '@dalio-lite/gate';
import { createRebalanceHistory, createStateStore, initialStatePayload } from '@dalio-lite/state';
import { INSTALL_ROOT } from '../src/install-root.ts';
import { type HttpReceiver, startHttpReceiver } from './alert-receivers.ts';
import { type CliRun, runDalio } from './run-cli.ts';
import { startS3rverChild } from './s3rver-child.ts';

/** A live key id (AK…) and a paper one (PK…): the simulator gives each key its own account. */
export const LIVE_KEY = 'AKLIVETESTKEY0001';
export const PAPER_KEY = 'PKPAPERTESTKEY001';

/** The 30 weekdays of early 2025 on which the paper install "traded" (it held, inside its bands). */
const PAPER_DAYS = Array.from({ length: 60 }, (_, index) => new Date(Date.UTC(2025, 0, 2 + index)))
  .filter((day) => day.getUTCDay() !== 0 && day.getUTCDay() !== 6)
  .slice(0, 30)
  .map((day) => day.toISOString().slice(0, 10));

/**
 * One operator's two installations on one host: an Alpaca paper install (its state and history) and a live one
 * whose "live host" is the simulator's HTTP server (a stand-in URL, so no real money), with everything the
 * checklist reads: the `npm test` result of this commit, a soak report, a webhook that receives alerts, and
 * (with `s3`) a real S3 API server for off-site backups.
 */
export interface LiveFixture {
  root: string;
  liveStateDir: string;
  paperStateDir: string;
  soakReport: string;
  testResult: string;
  simulator: Simulator;
  simUrl: string;
  hook: HttpReceiver;
  /** The environment of the live install's `dalio` (its config, live keys, the stand-in host). */
  env: NodeJS.ProcessEnv;
  /** The environment of the paper install's `dalio` (mode: paper, paper keys, the same simulator). */
  paperEnv: NodeJS.ProcessEnv;
  dalio(
    args: readonly string[],
    options?: { env?: NodeJS.ProcessEnv; prompt?: (q: string) => Promise<string | null> },
  ): Promise<CliRun>;
  liveConfig(): DalioConfig;
  paperConfig(): DalioConfig;
  /** The account number the simulator reports for the live key. */
  accountNumber(): Promise<string>;
  /** The orders the simulator's ledger holds for one key's account. */
  ordersOf(keyId: string): { symbol: string; side: string; notional: string | null; clientOrderId: string }[];
  /** The test result of this commit, a passing soak report, 30 real paper days. */
  writeEvidence(): Promise<void>;
  /** Every manual item signed off, and a test message delivered to every channel (through `dalio`). */
  signOffAndTestAlerts(): Promise<void>;
  stop(): Promise<void>;
}

/** Start a fixture; `clock` is the simulator's (real time for commands that compare clocks, fixed for cycles). */
export async function startLiveFixture(options: { clock: SimClockMode; s3?: boolean }): Promise<LiveFixture> {
  const root = await mkdtemp(join(tmpdir(), 'dalio-live-'));
  const liveStateDir = join(root, 'live');
  const paperStateDir = join(root, 'paper');
  const soakReport = join(root, 'soak-report.json');
  const testResult = join(root, 'test-result.json');
  const simulator = createSimulator({
    clock: createSimClock({ mode: options.clock }),
    prices: createModelPriceFeed({
      seed: 7,
      symbols: ['VTI', 'TLT', 'GLD', 'DBC'],
      from: '2024-01-02',
      to: '2027-12-31',
    }),
    initialCashUsd: 100_000,
    seed: 7,
  });
  const server: SimulatorServer = await startSimulatorServer({ simulator });
  const hook = await startHttpReceiver();
  const s3 = options.s3 ? await startS3rverChild('dalio-live-backups') : null;
  const configFile = (mode: 'paper' | 'live', stateDir: string, backups: string) =>
    [
      `mode: ${mode}`,
      'broker: { kind: alpaca }',
      `paths: { stateDir: ${stateDir} }`,
      'risk: { maxOrderUsd: 50000, maxTurnoverPct: 150 }',
      `notifications: { channels: [{ kind: webhook, url: "${hook.url}" }] }`,
      'backup:',
      `  local: { dir: ${backups} }`,
      `  s3: { bucket: dalio-live-backups, endpoint: "${s3?.endpoint ?? 'http://127.0.0.1:9'}", forcePathStyle: true }`,
      `live: { paperStateDir: ${paperStateDir}, soakReport: ${soakReport}, testResult: ${testResult} }`,
      '',
    ].join('\n');
  const liveConfigPath = join(root, 'live.yaml');
  const paperConfigPath = join(root, 'paper.yaml');
  await writeFile(liveConfigPath, configFile('live', liveStateDir, join(root, 'backups-live')));
  await writeFile(paperConfigPath, configFile('paper', paperStateDir, join(root, 'backups-paper')));
  const common = {
    HOME: root,
    DALIO_ALPACA_BASE_URL: server.url,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  };
  const env = {
    ...common,
    DALIO_CONFIG: liveConfigPath,
    APCA_API_KEY_ID: LIVE_KEY,
    APCA_API_SECRET_KEY: 'live-secret',
  };
  const paperEnv = {
    ...common,
    DALIO_CONFIG: paperConfigPath,
    APCA_API_KEY_ID: PAPER_KEY,
    APCA_API_SECRET_KEY: 'paper-secret',
  };
  const dalio: LiveFixture['dalio'] = (args, runOptions = {}) =>
    runDalio(args, {
      env: runOptions.env ?? env,
      cwd: root,
      ...(runOptions.prompt ? { prompt: runOptions.prompt } : {}),
    });
  return {
    root,
    liveStateDir,
    paperStateDir,
    soakReport,
    testResult,
    simulator,
    simUrl: server.url,
    hook,
    env,
    paperEnv,
    dalio,
    liveConfig: () => loadConfig({ env, cwd: root }),
    paperConfig: () => loadConfig({ env: paperEnv, cwd: root }),
    async accountNumber() {
      const broker = createAlpacaBroker({
        keyId: LIVE_KEY,
        secret: 'live-secret',
        baseUrl: server.url,
        rateLimit: false,
      });
      const account = await broker.getAccount();
      return account.accountNumber ?? account.id;
    },
    ordersOf(keyId) {
      const accountId = simAccountIdForKey(keyId);
      return simulator
        .ledger()
        .orders.filter((order) => order.accountId === accountId)
        .map((order) => ({
          symbol: order.symbol,
          side: order.side,
          notional: order.notional ?? null,
          clientOrderId: order.clientOrderId,
        }));
    },
    async writeEvidence() {
      const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: INSTALL_ROOT,
        encoding: 'utf8',
      }).trim();
      await writeFile(
        testResult,
        JSON.stringify({
          ok: true,
          passed: 1234,
          failed: 0,
          skipped: 0,
          commit,
          dirty: false,
          finishedAt: '2025-02-28T20:00:00.000Z',
        }),
      );
      await writeFile(
        soakReport,
        JSON.stringify({
          days: 30,
          cycles: 30,
          orders: 41,
          duplicateOrders: 0,
          unknownOrders: 0,
          crashes: 3,
          verdict: 'PASS',
        }),
      );
      const paperAccount = simAccountIdForKey(PAPER_KEY);
      await createStateStore({ stateDir: paperStateDir }).save({
        ...initialStatePayload(),
        account: { venue: 'alpaca-paper', accountId: paperAccount, since: `${PAPER_DAYS[0]}T15:00:00.000Z` },
      });
      const history = createRebalanceHistory({ stateDir: paperStateDir });
      for (const [index, day] of PAPER_DAYS.entries()) {
        await history.append({
          cycleId: `paper-${index}`,
          day,
          startedAt: `${day}T15:00:00.000Z`,
          finishedAt: `${day}T15:00:04.000Z`,
          outcome: 'hold',
          code: 'within-policy',
          decision: { kind: 'hold', reason: 'every symbol is within its band', code: 'within-band' },
          orders: [],
          brokerAnswers: [],
          reconciliationNotes: [],
          durationsMs: { total: 4000 },
          errors: [],
        });
      }
    },
    async signOffAndTestAlerts() {
      for (const item of MANUAL_ITEMS) {
        const signed = await dalio([
          'checklist',
          'sign',
          item.id,
          '--by',
          'Ada',
          '--note',
          'done in the paper phase',
        ]);
        if (signed.exitCode !== 0) throw new Error(`sign-off of ${item.id} failed: ${signed.stderr}`);
      }
      const tested = await dalio(['alert', 'test']);
      if (tested.exitCode !== 0) throw new Error(`dalio alert test failed: ${tested.stdout}${tested.stderr}`);
    },
    async stop() {
      await server.close();
      await hook.close();
      await s3?.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
