import type { DalioConfig, TradingMode } from '@dalio-lite/config';
import type { BrokerVenue } from '@dalio-lite/core';
import { type KeyKind, keyKindOf } from './key-kind.ts';

/** Alpaca's own trading hosts. */
export const ALPACA_PAPER_URL = 'https://paper-api.alpaca.markets';
export const ALPACA_LIVE_URL = 'https://api.alpaca.markets';

/**
 * Where a configuration trades, decided once: the app builds the engine's broker from `venue` and every badge
 * (status, health, dashboard) reads the same value, so a badge can never say paper while the engine trades live.
 */
export interface TradingTarget {
  mode: TradingMode;
  /** The venue the engine's broker reports: the built-in simulator, Alpaca paper or Alpaca live. */
  venue: BrokerVenue;
  /** Where the orders go: Alpaca's own host, a base URL standing in for it, or the built-in simulator. */
  endpoint: string;
  /** True when a configured base URL (the simulator server, a proxy) stands in for the venue's Alpaca host. */
  standIn: boolean;
  /** The key id's kind (PK… paper, AK… live); null for the built-in simulator, which needs no keys. */
  keyKind: KeyKind | null;
}

/** The trading target of a configuration. */
export function tradingTarget(config: DalioConfig): TradingTarget {
  const { broker, mode } = config;
  if (broker.kind === 'simulator') {
    return { mode, venue: 'simulator', endpoint: 'the built-in simulator', standIn: false, keyKind: null };
  }
  const venue: BrokerVenue = mode === 'live' ? 'alpaca-live' : 'alpaca-paper';
  const own = venue === 'alpaca-live' ? ALPACA_LIVE_URL : ALPACA_PAPER_URL;
  const { baseUrl, keyId } = broker.alpaca;
  return {
    mode,
    venue,
    endpoint: baseUrl ?? own,
    standIn: baseUrl !== null && new URL(baseUrl).origin !== own,
    keyKind: keyId === null ? 'unknown' : keyKindOf(keyId),
  };
}

/** The mode badge every surface shows: derived from the venue the engine's broker trades, never from a second setting. */
export interface ModeBadge {
  mode: TradingMode;
  venue: BrokerVenue;
  /** One line a person cannot misread, e.g. `LIVE — real money at Alpaca (https://api.alpaca.markets)`. */
  text: string;
}

/** The badge of a trading target (or of the venue a built broker reports: pass it as `venue`). */
export function modeBadge(target: TradingTarget, venue: BrokerVenue = target.venue): ModeBadge {
  if (venue === 'simulator') {
    return { mode: 'paper', venue, text: 'PAPER — the built-in simulator (fake money)' };
  }
  if (venue === 'alpaca-live') {
    const text = target.standIn
      ? `LIVE — ${target.endpoint} stands in for Alpaca live (treated as real money: gate, pin and tiers apply)`
      : `LIVE — real money at Alpaca (${target.endpoint})`;
    return { mode: 'live', venue, text };
  }
  const text = target.standIn
    ? `PAPER — ${target.endpoint} stands in for Alpaca paper (fake money)`
    : `PAPER — Alpaca paper (fake money, ${target.endpoint})`;
  return { mode: 'paper', venue, text };
}
