/**
 * `pnpm bench`: reading a history of 10 years of daily cycles (2,520 lines, real cycle records from the
 * engine, written with the state package's line encoder): the whole history and one dashboard page, versus
 * reading the same file and JSON.parse-ing every line in the same run; and one append at 10 years versus
 * an append to a fresh history (an append reads the file to number its line). Not a test.
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRebalanceHistory, encodeHistoryLine, HISTORY_FILE } from '@dalio-lite/state';
import { emit, range, summarize, timeMs } from '../../../bench/figure.ts';
import { createDailyEngine } from './daily-engine.ts';

const LINES = 2_520;
const ROUNDS = 30;

// A few real cycles (one trading, the rest holding) give the shapes of the lines.
const { harness, nextDay } = await createDailyEngine();
for (let i = 0; i < 5; i++) {
  await nextDay();
  await harness.engine.runCycle();
}
const samples = (await createRebalanceHistory({ stateDir: harness.stateDir }).readAll()).records.map(
  (record) => record.entry,
);
await rm(harness.stateDir, { recursive: true, force: true });

const stateDir = await mkdtemp(join(tmpdir(), 'dalio-bench-history-'));
const lines = Array.from({ length: LINES }, (_, i) =>
  encodeHistoryLine(i + 1, samples[i % samples.length] as (typeof samples)[number]),
);
await appendFile(join(stateDir, HISTORY_FILE), lines.join(''), { mode: 0o600 });
const history = createRebalanceHistory({ stateDir });
const freshDir = await mkdtemp(join(tmpdir(), 'dalio-bench-history-fresh-'));
const fresh = createRebalanceHistory({ stateDir: freshDir });
const entry = samples[0] as (typeof samples)[number];

const rawParse = async (): Promise<void> => {
  const text = await readFile(join(stateDir, HISTORY_FILE), 'utf8');
  for (const line of text.split('\n')) if (line) JSON.parse(line);
};
const times = { raw: [] as number[], all: [] as number[], page: [] as number[] };
for (let round = 0; round < ROUNDS + 3; round++) {
  const raw = await timeMs(rawParse);
  const all = await timeMs(() => history.readAll());
  const page = await timeMs(() => history.readPage({ limit: 20 }));
  if (round < 3) continue;
  times.raw.push(raw);
  times.all.push(all);
  times.page.push(page);
}
// Appends fsync; a few each, alternating, so the disk's mood hits both alike.
const appendTimes = { full: [] as number[], fresh: [] as number[] };
for (let i = 0; i < 10; i++) {
  appendTimes.full.push(await timeMs(() => history.append(entry)));
  appendTimes.fresh.push(await timeMs(() => fresh.append(entry)));
}
const raw = summarize(times.raw).median;
const baseline = { label: `readFile + JSON.parse of ${LINES} lines`, median: raw };
const all = summarize(times.all);
const page = summarize(times.page);
emit({
  id: 'history.read-all',
  label: `history readAll, ${LINES} cycles (10 years)`,
  unit: 'ms',
  median: all.median,
  spread: range(times.all),
  samples: ROUNDS,
  baseline,
  budget: { text: '< 5× raw parse', ok: all.median < 5 * raw },
});
emit({
  id: 'history.read-page',
  label: `history readPage(20), ${LINES} cycles`,
  unit: 'ms',
  median: page.median,
  spread: range(times.page),
  samples: ROUNDS,
  baseline,
  budget: { text: '< 10 ms (dashboard API p99 budget)', ok: page.p99 < 10 },
});
const appendFull = summarize(appendTimes.full).median;
emit({
  id: 'history.append-at-10y',
  label: `history append with ${LINES} cycles already there`,
  unit: 'ms',
  median: appendFull,
  spread: range(appendTimes.full),
  samples: appendTimes.full.length,
  baseline: { label: 'append to a fresh history', median: summarize(appendTimes.fresh).median },
  budget: null,
});
await rm(stateDir, { recursive: true, force: true });
await rm(freshDir, { recursive: true, force: true });
