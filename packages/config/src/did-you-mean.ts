/**
 * The candidate closest to what the user typed, or null when none is close. Case, `_` and `-` are
 * ignored first, so `min_days_between` (the original's snake_case) finds `minDaysBetween`.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | null {
  const wanted = squash(input);
  const exact = candidates.find((candidate) => squash(candidate) === wanted);
  if (exact !== undefined) return exact;
  // A name without its unit suffix (`cash` for `cashUsd`) is a prefix of exactly one candidate.
  const extended = candidates.filter(
    (candidate) => wanted.length >= 3 && squash(candidate).startsWith(wanted),
  );
  if (extended.length === 1) return extended[0] ?? null;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, squash(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(wanted.length / 3)));
  return bestDistance <= limit ? best : null;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates);
  return match === null ? '' : ` (did you mean "${match}"?)`;
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[-_\s]/g, '');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
