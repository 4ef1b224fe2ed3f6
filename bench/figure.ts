/**
 * What every `pnpm bench` script prints: one `BENCH {json}` line per figure on standard output, which
 * scripts/bench.mjs collects into its table and bench/results.json. Not a test.
 */

/** One measured figure, its same-run baseline, the ratio between them and its budget. */
export interface Figure {
  id: string;
  label: string;
  unit: string;
  median: number;
  /** How far the samples spread, e.g. "1.2–3.4" (min–max) or "p99 4.5". */
  spread: string;
  samples: number;
  baseline: { label: string; median: number } | null;
  /** median / baseline median, or null without a baseline. */
  ratio: number | null;
  budget: { text: string; ok: boolean } | null;
}

/** Sorted samples with their median, extremes and 99th percentile. */
export function summarize(samples: readonly number[]): {
  median: number;
  min: number;
  max: number;
  p99: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
  return { median: at(0.5), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, p99: at(0.99) };
}

/** "min–max" of samples, rounded for the table. */
export function range(samples: readonly number[], digits = 2): string {
  const { min, max } = summarize(samples);
  return `${min.toFixed(digits)}–${max.toFixed(digits)}`;
}

/** Print one figure as a `BENCH` line (the ratio is filled in from the baseline when not given). */
export function emit(figure: Omit<Figure, 'ratio'> & { ratio?: number | null }): void {
  const ratio =
    figure.ratio !== undefined
      ? figure.ratio
      : figure.baseline
        ? figure.median / figure.baseline.median
        : null;
  console.log(`BENCH ${JSON.stringify({ ...figure, ratio })}`);
}

/** Milliseconds one call of `run` takes. */
export async function timeMs(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}
