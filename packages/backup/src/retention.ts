/** How many backups to keep: the last N, plus the newest of each of the last N days, weeks and months (UTC). */
export interface RetentionPolicy {
  last: number;
  daily: number;
  weekly: number;
  monthly: number;
}

/** A backup as retention sees it. */
export interface RetentionCandidate {
  id: string;
  createdAt: string;
  /** Read back and checked byte for byte since it was written (at creation, a verify or a drill). */
  verified: boolean;
}

/** Whether one backup stays, and why (`last 30`, `daily 2025-03-03`, `newest verified`). */
export interface RetentionDecision {
  id: string;
  createdAt: string;
  keep: boolean;
  reasons: string[];
}

const GENERATIONS = [
  { rule: 'daily', bucket: (at: Date) => at.toISOString().slice(0, 10) },
  { rule: 'weekly', bucket: isoWeek },
  { rule: 'monthly', bucket: (at: Date) => at.toISOString().slice(0, 7) },
] as const;

/**
 * restic's `forget` rules: going from newest to oldest, keep the first `last`; for each generation keep the
 * newest backup of each of the `n` most recent periods that have one. The newest verified backup is always
 * kept, whatever the policy says. Newest first.
 */
export function planRetention(
  candidates: readonly RetentionCandidate[],
  policy: RetentionPolicy,
): RetentionDecision[] {
  const newestFirst = [...candidates].sort(
    (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id),
  );
  const reasons = new Map<string, string[]>(newestFirst.map((candidate) => [candidate.id, []]));
  const add = (id: string, reason: string) => reasons.get(id)?.push(reason);

  for (const [index, candidate] of newestFirst.slice(0, policy.last).entries()) {
    add(candidate.id, `last ${index + 1}`);
  }
  for (const { rule, bucket } of GENERATIONS) {
    const limit = policy[rule];
    let previous: string | null = null;
    let kept = 0;
    for (const candidate of newestFirst) {
      if (kept >= limit) break;
      const period = bucket(new Date(candidate.createdAt));
      if (period === previous) continue;
      previous = period;
      kept += 1;
      add(candidate.id, `${rule} ${period}`);
    }
  }
  const newestVerified = newestFirst.find((candidate) => candidate.verified);
  if (newestVerified) add(newestVerified.id, 'newest verified');

  return newestFirst.map((candidate) => {
    const why = reasons.get(candidate.id) ?? [];
    return { id: candidate.id, createdAt: candidate.createdAt, keep: why.length > 0, reasons: why };
  });
}

/** The ISO 8601 week of a UTC time, `2025-W09`. */
function isoWeek(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
