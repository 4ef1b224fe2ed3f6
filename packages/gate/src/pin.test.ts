import { parseConfig } from '@dalio-lite/config';
import { describe, expect, test } from 'vitest';
import { keyKindOf } from './key-kind.ts';
import { checkBrokerPin, checkKeyPin } from './pin.ts';
import { modeBadge, tradingTarget } from './trading-target.ts';

const SIM = 'http://127.0.0.1:8788';

function targetOf(mode: 'paper' | 'live', keyId: string, baseUrl: string | null = null) {
  const env: Record<string, string> = {
    HOME: '/home/ada',
    APCA_API_KEY_ID: keyId,
    APCA_API_SECRET_KEY: 'secret',
  };
  if (baseUrl) env.DALIO_ALPACA_BASE_URL = baseUrl;
  return tradingTarget(parseConfig(`mode: ${mode}\nbroker: { kind: alpaca }\n`, '/home/ada/dalio.yaml', env));
}

describe('the key pin', () => {
  test('key kinds come from the key id prefix', () => {
    expect([keyKindOf('PKABC'), keyKindOf('AKABC'), keyKindOf('sim-key')]).toEqual([
      'paper',
      'live',
      'unknown',
    ]);
  });

  test('live keys on the live host, and paper keys on the paper host, pass', () => {
    expect(checkKeyPin(targetOf('live', 'AKLIVE'))).toEqual({
      ok: true,
      summary: 'live keys (AK…) on https://api.alpaca.markets',
    });
    expect(checkKeyPin(targetOf('paper', 'PKPAPER'))).toEqual({
      ok: true,
      summary: 'paper keys (PK…) on https://paper-api.alpaca.markets',
    });
  });

  test('paper keys against a live-configured host are refused, on Alpaca and on a stand-in alike', () => {
    for (const baseUrl of [null, SIM]) {
      const pin = checkKeyPin(targetOf('live', 'PKPAPER', baseUrl));
      expect(pin).toEqual({
        ok: false,
        reason: `APCA_API_KEY_ID is a paper key (PK…) but mode is live (${baseUrl ?? 'https://api.alpaca.markets'}); put the live key pair (AK…) in the secrets file, or set mode: paper`,
      });
    }
    expect(checkKeyPin(targetOf('live', 'some-key', SIM)).ok).toBe(false);
  });

  test('live keys against a paper-configured host are refused, on Alpaca and on a stand-in alike', () => {
    for (const baseUrl of [null, SIM]) {
      const pin = checkKeyPin(targetOf('paper', 'AKLIVE', baseUrl));
      expect(pin.ok).toBe(false);
      expect(pin.ok ? '' : pin.reason).toMatch(/^APCA_API_KEY_ID is a live key \(AK…\) but mode is paper/);
    }
  });

  test('a stand-in for the live host is named as one and treated as live', () => {
    const target = targetOf('live', 'AKLIVE', SIM);
    expect(target).toMatchObject({ venue: 'alpaca-live', standIn: true, endpoint: SIM });
    expect(checkKeyPin(target)).toEqual({
      ok: true,
      summary: `live keys (AK…) on ${SIM} (standing in for Alpaca live)`,
    });
    expect(modeBadge(target).mode).toBe('live');
  });

  test('the broker pin refuses another venue or another account than the one live was enabled for', () => {
    const target = targetOf('live', 'AKLIVE', SIM);
    expect(checkBrokerPin(target, { venue: 'alpaca-paper', accountId: 'A' }, null)).toEqual({
      ok: false,
      reason:
        'the broker reports alpaca-paper but the configuration trades alpaca-live; check mode and broker.kind in dalio.yaml',
    });
    expect(checkBrokerPin(target, { venue: 'alpaca-live', accountId: 'B' }, 'A')).toEqual({
      ok: false,
      reason:
        'the broker reports account B but live trading was enabled for account A; check APCA_API_KEY_ID, or run `dalio live enable` again for this account',
    });
    expect(checkBrokerPin(target, { venue: 'alpaca-live', accountId: 'A' }, 'A').ok).toBe(true);
  });

  test('the built-in simulator needs no keys and is paper', () => {
    const target = tradingTarget(
      parseConfig('broker: { kind: simulator }\n', '/home/ada/dalio.yaml', { HOME: '/home/ada' }),
    );
    expect(checkKeyPin(target)).toEqual({ ok: true, summary: 'the built-in simulator, no keys' });
    expect(modeBadge(target)).toEqual({
      mode: 'paper',
      venue: 'simulator',
      text: 'PAPER — the built-in simulator (fake money)',
    });
  });
});
