/**
 * `pnpm bench`: the cold start of `dalio status` (node apps/autopilot/dist/main.js, a fresh process each
 * time, a simulator config in a temp dir) versus `node -e 0` in the same run, interleaved. Budget: the
 * command under 300 ms. Runs the built `dist/` (scripts/bench.mjs builds first). Not a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, range, summarize } from '../../../bench/figure.ts';

const RUNS = 10;
const MAIN = new URL('../dist/main.js', import.meta.url).pathname;

const home = await mkdtemp(join(tmpdir(), 'dalio-bench-startup-'));
const config = join(home, 'dalio.yaml');
await writeFile(
  config,
  'broker:\n  kind: simulator\n  simulator:\n    startAt: "2025-03-03T10:00:00-05:00"\n',
);
const env = {
  PATH: process.env.PATH,
  HOME: home,
  DALIO_CONFIG: config,
  DALIO_STATE_DIR: join(home, 'state'),
};

/** Wall milliseconds of one child process from spawn to exit; throws when it fails. */
function run(args: string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return ms;
}

run([MAIN, 'status']);
const times = { status: [] as number[], node: [] as number[] };
for (let i = 0; i < RUNS; i++) {
  times.node.push(run(['-e', '0']));
  times.status.push(run([MAIN, 'status']));
}
const status = summarize(times.status).median;
emit({
  id: 'startup.status',
  label: '`dalio status` cold start (simulator)',
  unit: 'ms',
  median: status,
  spread: range(times.status, 0),
  samples: RUNS,
  baseline: { label: 'node -e 0', median: summarize(times.node).median },
  budget: { text: '< 300 ms', ok: status < 300 },
});
await rm(home, { recursive: true, force: true });
