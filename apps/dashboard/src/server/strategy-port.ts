import type {
  AllocationStatus,
  ApplyOutcome,
  DraftCheck,
  GoalInput,
  GoalReview,
  PolicyExplanation,
  StrategyComparison,
} from '@dalio-lite/strategy';

/** A new allocation asked for from the dashboard: weights in percent, or a preset by name. */
export type AllocationRequest = { weightsPct: Record<string, number> } | { preset: string };

/** The goal as the page shows it: the review (projection, plan, progress) and the method in words. */
export interface GoalAnswer {
  review: GoalReview | null;
  method: string[];
  /** Why the progress is missing (the broker could not be asked), or null. */
  valueError: string | null;
}

/**
 * Strategy and goals, on `@dalio-lite/strategy` with the running install's config, broker and state (the app
 * that starts the dashboard builds it, the same calls as `dalio strategy|allocation|goal|explain`).
 */
export interface StrategyPort {
  compare(range: {
    from?: string;
    to?: string;
  }): Promise<{ comparison: StrategyComparison; cached: boolean }>;
  check(weightsPct: Record<string, number>): Promise<DraftCheck>;
  /**
   * Check, then (only when the check passes) write the config, back it up and record the change; the next cycle
   * trades toward it. `outcome` is null when the check blocked it.
   */
  apply(request: AllocationRequest, by: string): Promise<{ check: DraftCheck; outcome: ApplyOutcome | null }>;
  allocationStatus(): Promise<AllocationStatus>;
  readGoal(): Promise<GoalAnswer>;
  setGoal(input: GoalInput): Promise<GoalAnswer>;
  clearGoal(): Promise<void>;
  explain(): Promise<PolicyExplanation>;
}
