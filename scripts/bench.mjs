#!/usr/bin/env node
/**
 * `pnpm bench`: build once, then run every benchmark one after another (never in parallel: they time the
 * machine), each as a child process that prints its figures as `BENCH {json}` lines (bench/figure.ts).
 * Prints one table (median, spread, baseline, ratio, budget) and writes bench/results.json with the date
 * and the machine. Exit code 1 when a bench failed to run; a missed budget is reported, not an error.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const TSX = ['--import', 'tsx'];
const SOURCE = ['--conditions=@dalio-lite/source', ...TSX];

/** Each bench: where it runs and the node arguments that run it. */
const BENCHES = [
  { name: 'engine cycle', cwd: 'packages/engine', args: [...SOURCE, 'bench/cycle.bench.ts'] },
  { name: 'engine footprint', cwd: 'packages/engine', args: ['--expose-gc', 'bench/footprint.bench.mjs'] },
  { name: 'history reads', cwd: 'packages/engine', args: [...SOURCE, 'bench/history.bench.ts'] },
  { name: 'startup', cwd: 'apps/autopilot', args: [...TSX, 'bench/startup.bench.ts'] },
  { name: 'backtests', cwd: 'packages/backtest', args: [...TSX, 'src/backtest.bench.ts'] },
  { name: 'dashboard', cwd: 'apps/dashboard', args: [...SOURCE, 'src/dashboard.bench.ts'] },
  { name: 'dashboard under load', cwd: 'apps/autopilot', args: [...TSX, 'bench/dashboard-load.bench.ts'] },
  { name: 'simulation', cwd: '.', args: [...SOURCE, 'bench/simulation.bench.ts'] },
  { name: 'soak', cwd: 'apps/autopilot', args: [...TSX, 'bench/soak.bench.ts'] },
];

/** Figures the issue asks for that no bench measures yet, listed in the table as missing. */
const NOT_MEASURED = [];

function run(bench) {
  return new Promise((resolve) => {
    const figures = [];
    const started = Date.now();
    const child = spawn(process.execPath, bench.args, {
      cwd: join(ROOT, bench.cwd),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH ')) figures.push({ ...JSON.parse(line.slice(6)), bench: bench.name });
        else process.stdout.write(`  [${bench.name}] ${line}\n`);
      }
    });
    child.stderr.on('data', (chunk) =>
      process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `  [${bench.name}] `)),
    );
    child.once('close', (code) => {
      if (pending.startsWith('BENCH ')) figures.push({ ...JSON.parse(pending.slice(6)), bench: bench.name });
      resolve({ name: bench.name, code, seconds: (Date.now() - started) / 1000, figures });
    });
  });
}

const fmt = (value) =>
  value === null || value === undefined || Number.isNaN(value)
    ? '—'
    : Math.abs(value) >= 100
      ? value.toFixed(0)
      : Math.abs(value) >= 1
        ? value.toFixed(2)
        : value.toPrecision(2);

console.log('building once (turbo run build)…');
const build = spawnSync(
  'npx',
  ['--yes', 'pnpm@10.34.8', 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only'],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
if (build.status !== 0) {
  console.error('bench: the build failed; fix it first (npx --yes pnpm@10.34.8 exec turbo run build)');
  process.exit(1);
}

const runs = [];
for (const bench of BENCHES) {
  console.log(`running ${bench.name}…`);
  runs.push(await run(bench));
}
const figures = runs.flatMap((r) => r.figures);
const failed = runs.filter((r) => r.code !== 0).map((r) => ({ bench: r.name, exitCode: r.code }));

const header = ['figure', 'median', 'spread', 'baseline', 'ratio', 'budget', 'ok'];
const rows = figures.map((f) => [
  f.label,
  `${fmt(f.median)} ${f.unit}`,
  f.spread,
  f.baseline ? `${f.baseline.label}: ${fmt(f.baseline.median)}` : '—',
  f.ratio === null ? '—' : `${fmt(f.ratio)}×`,
  f.budget ? f.budget.text : '—',
  f.budget ? (f.budget.ok ? 'ok' : 'MISSED') : '—',
]);
for (const missing of NOT_MEASURED) rows.push([missing.label, '—', missing.why, '—', '—', '—', 'missing']);
for (const failure of failed)
  rows.push([`${failure.bench} (exit ${failure.exitCode})`, '—', 'bench failed', '—', '—', '—', 'FAILED']);

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  memoryGb: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const date = new Date().toISOString();
const table = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((row) => `| ${row.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`),
].join('\n');
console.log(
  `\n${date} — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}\n`,
);
console.log(table);

mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench/results.json'),
  `${JSON.stringify(
    {
      date,
      machine,
      benches: runs.map(({ name, code, seconds }) => ({ name, exitCode: code, seconds })),
      figures,
      missing: NOT_MEASURED,
      failed,
    },
    null,
    2,
  )}\n`,
);
console.log('\nwrote bench/results.json');
if (failed.length > 0) process.exitCode = 1;
