import {
  ALPACA_CONSISTENCY,
  createHistoryPriceFeed,
  createRateLimiter,
  createSimulator,
  FAULT_KINDS,
  type FaultKind,
  type FaultPlan,
  type SimClock,
  type Simulator,
  simAccountIdForKey,
  startSimulatorServer,
} from '@dalio-lite/broker';
import { BUNDLED_PRICES_DIR, loadPriceHistory } from '@dalio-lite/market-data';
import type { SoakProfile } from './soak-profile.ts';

/** The key pair the soak's processes trade with (the simulator takes any pair; this one names the account). */
export const SOAK_KEY = 'soak';

/** Faults that are errors to the client (late visibility and async rejections are answered normally). */
const ERROR_FAULTS: ReadonlySet<FaultKind> = new Set(
  FAULT_KINDS.filter((kind) => kind !== 'late-visibility' && kind !== 'async-reject'),
);

/** Requests to the trading API and how many of them failed, counted by the server. */
export interface ApiCounts {
  requests: number;
  errors: number;
  throttled: number;
}

/** The soak's simulator: served over HTTP to the autopilot's processes, looked at directly by the soak itself. */
export interface SoakSimulator {
  simulator: Simulator;
  url: string;
  accountId: string;
  counts: ApiCounts;
  /** Submissions of ours the simulator refused outright (not in its ledger). */
  refusedSubmissions: string[];
  /** Every request fails with `fault` (with `probability`) until `clearOutage`; the background faults stay. */
  startOutage(fault: FaultKind, probability: number): void;
  clearOutage(): void;
  close(): Promise<void>;
}

/** Start the simulator on `clock` over the bundled price history. */
export async function startSoakSimulator(options: {
  clock: SimClock;
  seed: number;
  cashUsd: number;
  profile: SoakProfile;
}): Promise<SoakSimulator> {
  const { profile } = options;
  const refusedSubmissions: string[] = [];
  const simulator = createSimulator({
    clock: options.clock,
    prices: createHistoryPriceFeed(
      await loadPriceHistory({ dir: BUNDLED_PRICES_DIR, symbols: ['VTI', 'TLT', 'GLD', 'DBC'] }),
    ),
    seed: options.seed,
    instanceId: `soak-${options.seed}`,
    initialCashUsd: options.cashUsd,
    partialFillProbability: profile.partialFillProbability,
    consistency: { ...ALPACA_CONSISTENCY, asyncRejectProbability: profile.asyncRejectProbability },
    onEvent: (event) => {
      if (event.type === 'order-rejected' && event.clientOrderId?.startsWith('dl-')) {
        refusedSubmissions.push(event.clientOrderId);
      }
    },
  });
  const counts: ApiCounts = { requests: 0, errors: 0, throttled: 0 };
  const plan = simulator.faults;
  const background = () => {
    for (const fault of profile.backgroundFaults) {
      plan.always('*', fault, profile.backgroundRate / profile.backgroundFaults.length);
    }
  };
  background();
  // The server's view of the fault plan counts every fault it answers with as a failed request.
  const counted: FaultPlan = {
    ...plan,
    take(method, path) {
      const fault = plan.take(method, path);
      if (fault && ERROR_FAULTS.has(fault)) counts.errors += 1;
      if (fault === '429') counts.throttled += 1;
      return fault;
    },
  };
  // Alpaca's 200 requests a minute, counted in broker minutes: the soak packs days into minutes of wall time.
  const limiter = createRateLimiter({ now: () => options.clock.now().getTime() });
  const server = await startSimulatorServer({
    simulator: { ...simulator, faults: counted },
    port: 0,
    timeoutFaultMs: 3_000,
    rateLimiter: {
      hit(key) {
        const answer = limiter.hit(key);
        counts.requests += 1;
        if (!answer.allowed) {
          counts.errors += 1;
          counts.throttled += 1;
        }
        return answer;
      },
    },
  });
  const accountId = simAccountIdForKey(SOAK_KEY);
  return {
    simulator,
    url: server.url,
    accountId,
    counts,
    refusedSubmissions,
    startOutage(fault, probability) {
      plan.clear();
      plan.always('*', fault, probability);
      background();
    },
    clearOutage() {
      plan.clear();
      background();
    },
    close: () => server.close(),
  };
}
