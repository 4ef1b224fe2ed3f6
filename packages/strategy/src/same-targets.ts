import { type Targets, WEIGHT_SUM_TOLERANCE } from '@dalio-lite/core';

/** True when two allocations hold the same symbols at the same weights (within float noise). */
export function sameTargets(a: Readonly<Record<string, number>>, b: Targets): boolean {
  const symbols = Object.keys(a);
  if (symbols.length !== Object.keys(b).length) return false;
  return symbols.every((symbol) => {
    const other = b[symbol];
    return other !== undefined && Math.abs((a[symbol] as number) - other) <= WEIGHT_SUM_TOLERANCE;
  });
}
