import { defaultConfig } from '@dalio-lite/config';
import type { AssetInfo } from '@dalio-lite/core';
import { describe, expect, it } from 'vitest';
import { checkAllocationDraft } from './check-allocation-draft.ts';

const config = defaultConfig({ HOME: '/nonexistent' });

/** The broker's asset list as a lookup: VTI, TLT, GLD tradable; BRK.A whole shares; OLDCO delisted. */
const assets: Record<string, AssetInfo> = {
  VTI: { symbol: 'VTI', tradable: true, fractionable: true },
  TLT: { symbol: 'TLT', tradable: true, fractionable: true },
  GLD: { symbol: 'GLD', tradable: true, fractionable: false },
  ZZZ: { symbol: 'ZZZ', tradable: true, fractionable: true },
  OLDCO: { symbol: 'OLDCO', tradable: false, fractionable: false },
};
const getAsset = async (symbol: string) => assets[symbol] ?? null;
const range = { from: '2015-01-01', to: '2019-12-31' };

describe('checkAllocationDraft', () => {
  it('passes a tradable draft and previews its backtest, noting whole-share symbols', async () => {
    const check = await checkAllocationDraft({
      weightsPct: { VTI: 60, TLT: 30, GLD: 10 },
      currentTargets: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 },
      getAsset,
      config,
      range,
    });
    expect(check.ok).toBe(true);
    expect(check.problems).toEqual([]);
    const [draft] = check.preview?.strategies ?? [];
    expect(draft?.id).toBe('draft');
    expect(draft?.targets.VTI).toBeCloseTo(0.6, 12);
    expect(draft?.targets.GLD).toBeCloseTo(0.1, 12);
    expect(draft?.cagr).toEqual(expect.any(Number));
    expect(check.preview?.dates[0]).toBe('2015-01-02');
    expect(check.notes).toEqual([
      'DBC leaves the allocation but stays held, unmanaged (plan.nonTargetHoldings: ignore); sell it yourself or set liquidate',
    ]);
    expect(check.symbols.find((s) => s.symbol === 'GLD')?.notes).toEqual([
      'GLD trades in whole shares only: its orders are rounded down to whole shares',
    ]);
  });

  it('blocks a draft that does not total 100 % or names an asset the broker cannot trade, with the reasons', async () => {
    const check = await checkAllocationDraft({
      weightsPct: { VTI: 50, OLDCO: 20, NOPE: 20 },
      getAsset,
      config,
      range,
    });
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      'the weights total 90 %, they must total exactly 100 %: add 10 more',
      'OLDCO is not tradable at the broker (delisted or restricted): pick another symbol',
      'NOPE is not an asset the broker knows: check the ticker',
    ]);
    expect(check.preview).toBeNull();
    expect(check.previewNote).toBe('no preview until the weights are valid');
  });

  it('allows a tradable symbol without history but says the preview cannot include it', async () => {
    const check = await checkAllocationDraft({ weightsPct: { VTI: 50, ZZZ: 50 }, getAsset, config, range });
    expect(check.ok).toBe(true);
    expect(check.preview).toBeNull();
    expect(check.previewNote).toBe(
      'no preview: there is no price history for ZZZ; the allocation can still be applied',
    );
    const zzz = check.symbols.find((s) => s.symbol === 'ZZZ');
    expect(zzz?.history.available).toBe(false);
    expect(zzz?.notes).toEqual(['no price history for ZZZ, so the preview backtest cannot include it']);
    expect(check.symbols.find((s) => s.symbol === 'VTI')?.history).toMatchObject({
      available: true,
      firstDate: '2001-06-15',
    });
  });

  it('blocks when the broker cannot be asked, saying so', async () => {
    const down = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    };
    const check = await checkAllocationDraft({ weightsPct: { VTI: 100 }, getAsset: down, config, range });
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      'VTI: the broker could not be asked whether it trades it (connect ECONNREFUSED 127.0.0.1:9); try again when it is reachable',
    ]);
  });
});
