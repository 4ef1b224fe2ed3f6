import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Broker, createAlpacaBroker, simAccountIdForKey } from '@dalio-lite/broker';
import {
  autopilotEnv,
  type ChildRun,
  runDalioChild,
  type SimChild,
  startSimChild,
} from './child-processes.ts';

/** Monday 2025-03-03, 10:00 New York: the market is open. */
export const MONDAY_10AM = '2025-03-03T10:00:00-05:00';

/** A portfolio far from the dalio-lite targets: VTI heavy, every other symbol short. */
export const DRIFTED = { VTI: 60_000, TLT: 20_000, GLD: 10_000, DBC: 9_000 };

/** One order of the simulator's ledger, as its admin route returns it. */
export interface LedgerOrder {
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  status: string;
  createdAt: string;
  filledAt: string | null;
  filledQty: number;
}

/** A simulator child, a state directory and a config file: one user's Dalio Lite on paper. */
export interface E2eScenario {
  sim: SimChild;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  /** The Alpaca adapter on this scenario's account, for direct looks at the broker. */
  broker: Broker;
  dalio(args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<ChildRun>;
  /** Buy (positive) or sell (negative) dollar amounts directly at the broker, as the user's own trades. */
  seed(valuesUsd: Record<string, number>): Promise<void>;
  ledger(): Promise<LedgerOrder[]>;
  ownOrders(): Promise<LedgerOrder[]>;
  setClock(at: string): Promise<void>;
  stop(): Promise<void>;
}

let seedCounter = 0;

/**
 * Start a scenario with the simulator clock fixed at `at` and an optional dalio.yaml. With `sim`, the scenario
 * shares a running simulator and trades its own account (one per key pair), so many scenarios can run on one.
 */
export async function startScenario(options: {
  at: string;
  configYaml?: string;
  sim?: SimChild;
  keyId?: string;
}): Promise<E2eScenario> {
  const sim = options.sim ?? (await startSimChild({ at: options.at }));
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-e2e-'));
  const extra: NodeJS.ProcessEnv = {
    DALIO_LOCK_STALE_MS: '2000',
    ...(options.keyId ? { APCA_API_KEY_ID: options.keyId } : {}),
  };
  if (options.configYaml) {
    const configPath = join(stateDir, 'dalio.yaml');
    await writeFile(configPath, options.configYaml);
    extra.DALIO_CONFIG = configPath;
  }
  const env = autopilotEnv(sim, join(stateDir, 'state'), extra);
  // The simulator keeps one account per key pair: seed the account the autopilot trades.
  const broker = createAlpacaBroker({
    keyId: env.APCA_API_KEY_ID ?? '',
    secret: env.APCA_API_SECRET_KEY ?? '',
    baseUrl: sim.url,
    rateLimit: false,
  });
  const accountId = simAccountIdForKey(env.APCA_API_KEY_ID ?? '');
  const ledger = async () =>
    (await sim.admin<{ orders: (LedgerOrder & { accountId: string })[] }>('GET', '/ledger')).orders.filter(
      (order) => order.accountId === accountId,
    );
  return {
    sim,
    stateDir: join(stateDir, 'state'),
    env,
    broker,
    dalio: (args, extraEnv = {}) => runDalioChild(args, { ...env, ...extraEnv }),
    async seed(valuesUsd) {
      for (const [symbol, usd] of Object.entries(valuesUsd)) {
        const result = await broker.submitOrder({
          clientOrderId: `seed-${process.pid}-${seedCounter++}`,
          symbol,
          side: usd >= 0 ? 'buy' : 'sell',
          amount: { kind: 'notional', usd: Math.abs(usd).toFixed(2) },
        });
        if (result.kind !== 'accepted') throw new Error(`seeding ${symbol}: ${JSON.stringify(result)}`);
      }
      await broker.getAccount();
    },
    ledger,
    ownOrders: async () => (await ledger()).filter((order) => order.clientOrderId.startsWith('dl-')),
    setClock: async (at) => {
      await sim.admin('POST', '/clock', { at });
    },
    stop: () => (options.sim ? Promise.resolve() : sim.stop()),
  };
}
