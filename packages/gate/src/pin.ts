import type { BrokerVenue } from '@dalio-lite/core';
import { describeKeyKind } from './key-kind.ts';
import { ALPACA_LIVE_URL, ALPACA_PAPER_URL, type TradingTarget } from './trading-target.ts';

/** Whether the key kind, the host and the account agree; when they do not, the one-line reason. */
export type PinVerdict = { ok: true; summary: string } | { ok: false; reason: string };

const PAPER_HOST = new URL(ALPACA_PAPER_URL).hostname;
const LIVE_HOST = new URL(ALPACA_LIVE_URL).hostname;

/**
 * The static pin, checked before a broker is asked anything: paper keys on the live host, live keys on the
 * paper host, or a base URL on the other Alpaca host are refused. A base URL that is not Alpaca's stands in for
 * the host of the configured mode (how tests put the simulator in the live host's place): it never reaches real
 * money, and the real live host still needs live keys.
 */
export function checkKeyPin(target: TradingTarget): PinVerdict {
  if (target.venue === 'simulator') return { ok: true, summary: 'the built-in simulator, no keys' };
  const host = new URL(target.endpoint).hostname;
  if (target.venue === 'alpaca-live') {
    if (host === PAPER_HOST) {
      return {
        ok: false,
        reason: `mode is live but the broker URL ${target.endpoint} is Alpaca's paper host; paper and live never mix: remove DALIO_ALPACA_BASE_URL / broker.alpaca.baseUrl or set mode: paper`,
      };
    }
    if (target.keyKind !== 'live') {
      return {
        ok: false,
        reason: `APCA_API_KEY_ID is ${describeKeyKind(target.keyKind ?? 'unknown')} but mode is live (${target.endpoint}); put the live key pair (AK…) in the secrets file, or set mode: paper`,
      };
    }
    return { ok: true, summary: `live keys (AK…) on ${describeEndpoint(target)}` };
  }
  if (host === LIVE_HOST) {
    return {
      ok: false,
      reason: `mode is paper but the broker URL ${target.endpoint} is Alpaca's live host; paper and live never mix: remove DALIO_ALPACA_BASE_URL / broker.alpaca.baseUrl or set mode: live`,
    };
  }
  if (target.keyKind === 'live') {
    return {
      ok: false,
      reason: `APCA_API_KEY_ID is a live key (AK…) but mode is paper (${target.endpoint}); live keys never trade paper: put the paper key pair (PK…) in the secrets file, or set mode: live`,
    };
  }
  const keys = target.keyKind === 'paper' ? 'paper keys (PK…)' : 'keys';
  return { ok: true, summary: `${keys} on ${describeEndpoint(target)}` };
}

/** What the broker itself reports: its venue, and the account it answers for. */
export interface BrokerFacts {
  venue: BrokerVenue;
  accountId: string;
}

/**
 * The full pin: the static one, then the venue the broker reports and, for live, the account live trading was
 * enabled for (`expectedAccountId`; null = not known yet, e.g. before `dalio live enable`).
 */
export function checkBrokerPin(
  target: TradingTarget,
  facts: BrokerFacts,
  expectedAccountId: string | null,
): PinVerdict {
  const keys = checkKeyPin(target);
  if (!keys.ok) return keys;
  if (facts.venue !== target.venue) {
    return {
      ok: false,
      reason: `the broker reports ${facts.venue} but the configuration trades ${target.venue}; check mode and broker.kind in dalio.yaml`,
    };
  }
  if (expectedAccountId !== null && facts.accountId !== expectedAccountId) {
    return {
      ok: false,
      reason: `the broker reports account ${facts.accountId} but live trading was enabled for account ${expectedAccountId}; check APCA_API_KEY_ID, or run \`dalio live enable\` again for this account`,
    };
  }
  return { ok: true, summary: `${keys.summary}, account ${facts.accountId}` };
}

function describeEndpoint(target: TradingTarget): string {
  return target.standIn ? `${target.endpoint} (standing in for Alpaca ${target.mode})` : target.endpoint;
}
