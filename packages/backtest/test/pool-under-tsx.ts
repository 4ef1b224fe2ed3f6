// A grid pool started from TypeScript sources under `node --import tsx`, as `pnpm dalio walk-forward` runs it.
import { createGridPool, createPriceTable, expandPolicyGrid, resolveBacktestSettings } from '../src/index.ts';

const dates: string[] = [];
for (let ms = Date.UTC(2019, 0, 1); dates.length < 600; ms += 86_400_000) {
  const day = new Date(ms).getUTCDay();
  if (day !== 0 && day !== 6) dates.push(new Date(ms).toISOString().slice(0, 10));
}
const wave = (p: number) => dates.map((_, i) => 100 * (1 + 0.2 * Math.sin(i / 20 + p)));
const job = {
  prices: createPriceTable({ dates, prices: { AAA: wave(0), BBB: wave(2) } }),
  settings: resolveBacktestSettings({ targets: { AAA: 50, BBB: 50 } }),
  policies: expandPolicyGrid({
    absoluteBand: [0.02, 0.05],
    relativeBand: [null],
    calendar: [null],
    minDaysBetween: [0],
  }),
  riskFreeRate: 0,
};
const fallbacks: string[] = [];
const pool = createGridPool({ workers: 2, onFallback: (r) => fallbacks.push(r) });
const tasks = Array.from({ length: 200 }, (_, i) => ({ policyIndex: i % 2, start: 0, end: 600 }));
const scores = await pool.run(job, tasks);
console.log(JSON.stringify({ scores: scores.length, fallbacks }));
await pool.close();
