/** Limits of the walk-forward stability test (from the original hardening plan: "Sharpe variance < 3x"). */
export interface StabilityLimits {
  /** Every out-of-sample window's Sharpe must be above this. */
  sharpeFloor: number;
  /** Best ÷ worst window Sharpe must be below this. */
  maxSharpeRatio: number;
}

/** Default limits: every window's Sharpe above 0 and best/worst below 3. */
export const DEFAULT_STABILITY_LIMITS: StabilityLimits = Object.freeze({ sharpeFloor: 0, maxSharpeRatio: 3 });

/** The test's outcome with a plain-language verdict. */
export interface StabilityReport extends StabilityLimits {
  worstSharpe: number;
  bestSharpe: number;
  /** best ÷ worst; null when the worst Sharpe is not positive (the ratio means nothing then). */
  sharpeRatio: number | null;
  everyWindowAboveFloor: boolean;
  ratioBelowCeiling: boolean;
  passed: boolean;
  verdict: string;
}

/** Judge the per-window out-of-sample Sharpe ratios against the limits. */
export function assessStability(
  windows: readonly { label: string; sharpe: number }[],
  limits: StabilityLimits = DEFAULT_STABILITY_LIMITS,
): StabilityReport {
  if (windows.length === 0) throw new RangeError('the stability test needs at least one window');
  let worst = windows[0] as { label: string; sharpe: number };
  let best = worst;
  for (const window of windows) {
    if (window.sharpe < worst.sharpe) worst = window;
    if (window.sharpe > best.sharpe) best = window;
  }
  const sharpeRatio = worst.sharpe > 0 ? best.sharpe / worst.sharpe : null;
  const everyWindowAboveFloor = worst.sharpe > limits.sharpeFloor;
  const ratioBelowCeiling = sharpeRatio !== null && sharpeRatio < limits.maxSharpeRatio;
  const passed = everyWindowAboveFloor && ratioBelowCeiling;
  const floorText = everyWindowAboveFloor
    ? `every window's Sharpe is above ${limits.sharpeFloor} (worst ${worst.sharpe.toFixed(2)}, ${worst.label})`
    : `${worst.label} has Sharpe ${worst.sharpe.toFixed(2)}, not above the floor of ${limits.sharpeFloor}`;
  const ratioText =
    sharpeRatio === null
      ? 'the best/worst ratio is undefined because the worst Sharpe is not positive'
      : `best/worst Sharpe is ${sharpeRatio.toFixed(2)}x (${best.label} ${best.sharpe.toFixed(2)} vs ${worst.sharpe.toFixed(2)}), ${ratioBelowCeiling ? 'below' : 'not below'} the ${limits.maxSharpeRatio}x ceiling`;
  const verdict = `${passed ? 'STABLE' : 'NOT STABLE'}: ${floorText}; ${ratioText}.`;
  return {
    ...limits,
    worstSharpe: worst.sharpe,
    bestSharpe: best.sharpe,
    sharpeRatio,
    everyWindowAboveFloor,
    ratioBelowCeiling,
    passed,
    verdict,
  };
}
