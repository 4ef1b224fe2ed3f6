import {
  type Broker,
  BrokerRequestError,
  BrokerResponseError,
  BrokerUnavailableError,
} from '@dalio-lite/broker';
import type { Account, CalendarDay, LatestPrice, MarketClock, Order, Position } from '@dalio-lite/core';
import { newYorkDate } from '@dalio-lite/core';

/** One answer of the probe, or why it is missing. */
export type Probed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Why the broker could not be asked at all, with the fix; `keysRejected` for a 401/403. */
export interface BrokerFailure {
  reason: string;
  fix: string;
  keysRejected: boolean;
}

/** What the health checks read from the broker, once, for every check that needs it. */
export interface BrokerProbe {
  venue: string | null;
  failure: BrokerFailure | null;
  account: Probed<Account>;
  clock: Probed<MarketClock>;
  positions: Probed<Position[]>;
  openOrders: Probed<Order[]>;
  /** Sessions of the last two weeks up to today (broker calendar). */
  calendar: Probed<CalendarDay[]>;
  prices: Probed<LatestPrice[]>;
}

/** How the app names the broker's credentials in messages (never their values). */
export interface ProbeOptions {
  /** E.g. `APCA_API_KEY_ID and APCA_API_SECRET_KEY`. */
  keyNames: string;
  symbols: readonly string[];
}

const DAY_MS = 86_400_000;

/** Turn a failed broker call into a reason and a fix a person can act on. */
export function describeBrokerFailure(error: unknown, keyNames: string): BrokerFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof BrokerRequestError && (error.status === 401 || error.status === 403)) {
    return {
      reason: `the broker rejected the API keys (HTTP ${error.status}: ${message}): ${keyNames} are not accepted`,
      fix: `create a new key pair in the Alpaca dashboard (paper keys for mode: paper, live keys for mode: live), put them in ${keyNames} (the secrets file) or broker.alpaca.keyFile, then run \`dalio health\``,
      keysRejected: true,
    };
  }
  if (error instanceof BrokerUnavailableError) {
    return {
      reason: `the broker could not be reached: ${message}`,
      fix: 'check the network and https://status.alpaca.markets; a DALIO_ALPACA_BASE_URL or broker.alpaca.baseUrl must point at a running server; then run `dalio health`',
      keysRejected: false,
    };
  }
  if (error instanceof BrokerResponseError) {
    return {
      reason: `the broker answered something unreadable: ${message}`,
      fix: 'try again later; if it persists, keep the output of `dalio health --json` and report it',
      keysRejected: false,
    };
  }
  if (error instanceof BrokerRequestError) {
    return {
      reason: `the broker refused the request (HTTP ${error.status}): ${message}`,
      fix: 'check the broker settings in dalio.yaml and the account at Alpaca, then run `dalio health`',
      keysRejected: false,
    };
  }
  return {
    reason: `the broker could not be used: ${message}`,
    fix: 'fix the broker settings named above, then run `dalio health`',
    keysRejected: false,
  };
}

async function probed<T>(call: () => Promise<T>, keyNames: string): Promise<Probed<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, reason: describeBrokerFailure(error, keyNames).reason };
  }
}

/**
 * Ask the broker what the checks need. The account comes first: when it fails (down, keys rejected), nothing
 * else is asked, so a dead broker costs one request's retries, not six.
 */
export async function probeBroker(
  getBroker: () => Promise<Broker>,
  options: ProbeOptions,
): Promise<BrokerProbe> {
  let broker: Broker;
  const failed = (failure: BrokerFailure, venue: string | null): BrokerProbe => {
    const missing = { ok: false as const, reason: failure.reason };
    return {
      venue,
      failure,
      account: missing,
      clock: missing,
      positions: missing,
      openOrders: missing,
      calendar: missing,
      prices: missing,
    };
  };
  try {
    broker = await getBroker();
  } catch (error) {
    return failed(describeBrokerFailure(error, options.keyNames), null);
  }
  let account: Account;
  try {
    account = await broker.getAccount();
  } catch (error) {
    return failed(describeBrokerFailure(error, options.keyNames), broker.venue);
  }
  const clock = await probed(() => broker.getClock(), options.keyNames);
  const today = clock.ok ? newYorkDate(clock.value.timestamp) : null;
  const [positions, openOrders, calendar, prices] = await Promise.all([
    probed(() => broker.getPositions(), options.keyNames),
    probed(() => broker.listOrders({ status: 'open', limit: 500 }), options.keyNames),
    today === null
      ? Promise.resolve<Probed<CalendarDay[]>>({ ok: false, reason: 'the broker clock could not be read' })
      : probed(
          () =>
            broker.getCalendar({
              start: new Date(Date.parse(`${today}T12:00:00Z`) - 14 * DAY_MS).toISOString().slice(0, 10),
              end: today,
            }),
          options.keyNames,
        ),
    probed(() => broker.getLatestPrices(options.symbols), options.keyNames),
  ]);
  return {
    venue: broker.venue,
    failure: null,
    account: { ok: true, value: account },
    clock,
    positions,
    openOrders,
    calendar,
    prices,
  };
}
