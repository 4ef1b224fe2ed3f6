import type { Broker } from '@dalio-lite/broker';
import type { AssetInfo } from '@dalio-lite/core';

/** Asset facts (tradable, fractionable) kept for one trading day: they change rarely, and every cycle needs one per target. */
export interface DailyAssetCache {
  /** The asset lookup for `day`: answers from the cache, asking the broker once per symbol and day. */
  forDay(day: string): (symbol: string) => Promise<AssetInfo | null>;
}

/** Create the cache over a broker; a new trading day starts it afresh. */
export function createDailyAssetCache(broker: Pick<Broker, 'getAsset'>): DailyAssetCache {
  let cachedDay: string | null = null;
  let assets = new Map<string, Promise<AssetInfo | null>>();
  return {
    forDay(day) {
      if (day !== cachedDay) {
        cachedDay = day;
        assets = new Map();
      }
      const today = assets;
      return (symbol) => {
        let asset = today.get(symbol);
        if (!asset) {
          // A failed lookup is not kept: the next cycle asks again.
          asset = broker.getAsset(symbol).catch((error: unknown) => {
            today.delete(symbol);
            throw error;
          });
          today.set(symbol, asset);
        }
        return asset;
      };
    },
  };
}
