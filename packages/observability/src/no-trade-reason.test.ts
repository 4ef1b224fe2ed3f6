import { describe, expect, it } from 'vitest';
import { cycle } from '../test/health-fixtures.ts';
import {
  cycleFactsOf,
  isSuccessfulCycle,
  NO_TRADE_REASONS,
  noTradeReasonOf,
  whyNoTrade,
} from './no-trade-reason.ts';

describe('why no trade', () => {
  it.each([
    ['within-policy', 'within-band', 'within-band'],
    ['within-policy', 'min-days', 'min-days'],
    ['within-policy', 'nothing-to-trade', 'below-min-trade'],
    ['market-closed', null, 'market-closed'],
    ['halted', null, 'halted'],
    ['breaker', null, 'breaker'],
    ['lock-busy', null, 'lock-busy'],
    ['already-rebalanced', null, 'already-rebalanced'],
    ['some-future-code', null, 'unknown'],
  ] as const)('code %s (policy %s) is reason %s, from the fixed set', (code, policyCode, reason) => {
    const facts = {
      outcome: code === 'within-policy' ? ('hold' as const) : ('refused' as const),
      code,
      policyCode,
    };
    expect(noTradeReasonOf(facts)).toBe(reason);
    expect(NO_TRADE_REASONS).toContain(reason);
  });

  it('a cycle that traded has no such reason, a failed one is an error', () => {
    expect(noTradeReasonOf({ outcome: 'committed', code: 'traded', policyCode: null })).toBeNull();
    expect(noTradeReasonOf({ outcome: 'partial', code: 'orders-open', policyCode: null })).toBeNull();
    expect(noTradeReasonOf({ outcome: 'failed', code: 'error', policyCode: null })).toBe('error');
  });

  it('reads history lines written before codes were recorded', () => {
    const legacy = (reason: string, outcome: 'hold' | 'busy' | 'refused' = 'hold') =>
      cycleFactsOf({ outcome, decision: { kind: outcome === 'hold' ? 'hold' : 'none', reason } });
    expect(noTradeReasonOf(legacy('Only 3 days since the last rebalance on 2025-03-03 (minimum 30)'))).toBe(
      'min-days',
    );
    expect(noTradeReasonOf(legacy('All within band: VTI +1.0 pts'))).toBe('within-band');
    expect(noTradeReasonOf(legacy('Already rebalanced on 2025-03-03 (status committed)'))).toBe(
      'already-rebalanced',
    );
    expect(noTradeReasonOf(legacy('busy', 'busy'))).toBe('lock-busy');
    expect(noTradeReasonOf(legacy('Market is closed', 'refused'))).toBe('unknown');
  });

  it('whyNoTrade gives dalio status the reason, a sentence and the cycle’s own words', () => {
    const record = cycle(1, {
      outcome: 'refused',
      code: 'market-closed',
      decision: { kind: 'none', reason: 'The market is closed (opens 2025-03-04 09:30 ET)' },
    });
    expect(whyNoTrade(record.entry)).toEqual({
      reason: 'market-closed',
      text: 'the market was closed or about to close',
      detail: 'The market is closed (opens 2025-03-04 09:30 ET)',
    });
  });

  it('counts committed, held and market-closed cycles as successful; refusals that need a person are not', () => {
    expect(isSuccessfulCycle({ outcome: 'hold', code: 'within-policy', policyCode: 'within-band' })).toBe(
      true,
    );
    expect(isSuccessfulCycle({ outcome: 'refused', code: 'market-closed', policyCode: null })).toBe(true);
    expect(isSuccessfulCycle({ outcome: 'refused', code: 'halted', policyCode: null })).toBe(false);
    expect(isSuccessfulCycle({ outcome: 'partial', code: 'traded', policyCode: null })).toBe(false);
    expect(isSuccessfulCycle({ outcome: 'busy', code: 'lock-busy', policyCode: null })).toBe(false);
  });
});
