/**
 * Every named step of a cycle, in the order a cycle that sells and buys reaches them. The engine calls its
 * crash-point hook with exactly these names, so a test that sweeps this list kills the cycle at every step.
 */
export const CYCLE_STEPS = [
  'after-lock',
  'after-state-load',
  'after-reconcile',
  'before-intent-write',
  'after-intent-write',
  'before-submit-sell',
  'after-submit-sell',
  'after-answer-recorded',
  'after-sells-terminal',
  'after-buys-sized',
  'before-submit-buy',
  'after-submit-buy',
  'before-commit',
  'after-commit',
] as const;

/** One named step of a cycle. */
export type CycleStep = (typeof CYCLE_STEPS)[number];
