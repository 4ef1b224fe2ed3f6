/**
 * The `p` quantile (0..1) of values sorted ascending, interpolating linearly between the two nearest ranks
 * (the usual "type 7" definition of R and NumPy). Throws on an empty array.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const low = sorted[lo] as number;
  if (lo + 1 >= sorted.length) return low;
  return low + (h - lo) * ((sorted[lo + 1] as number) - low);
}
