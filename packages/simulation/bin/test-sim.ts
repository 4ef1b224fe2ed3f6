// `pnpm test:sim`: run many seeds of the deterministic simulation and report seeds per second.
//   pnpm test:sim --seeds 10000 [--from 1] [--workers 2]   a range of seeds, split over worker processes
//   pnpm test:sim --seed 1234 [--path 0:1:2]               one seed (or its shrunk scenario), with its trace
//   --bug <variant>  run a deliberately broken engine (the mutation check's variants)   --no-shrink
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DELIBERATE_BUGS, type DeliberateBug } from '@dalio-lite/engine';
import { replayCommand, replayPath, runSeed, runSeeds, type SeedFailure } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '100' },
    from: { type: 'string', default: '1' },
    seed: { type: 'string' },
    path: { type: 'string' },
    bug: { type: 'string' },
    workers: { type: 'string' },
    'no-shrink': { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
  },
});

function whole(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`test:sim: --${flag} "${value}" must be a whole number ≥ ${min}\n`);
    process.exit(2);
  }
  return n;
}

const workerProcesses: ChildProcess[] = [];
// Ctrl-C or a kill of this process ends its workers too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of workerProcesses) child.kill('SIGKILL');
    process.exit(130);
  });
}

const bug = values.bug as DeliberateBug | undefined;
if (bug !== undefined && !DELIBERATE_BUGS.includes(bug)) {
  process.stderr.write(`test:sim: --bug must be one of ${DELIBERATE_BUGS.join(', ')}\n`);
  process.exit(2);
}
const options = { ...(bug ? { deliberateBug: bug } : {}), shrink: !values['no-shrink'] };

/** One finished seed as a worker reports it to the parent. */
interface SeedLine {
  seed: number;
  failure: SeedFailure | null;
  steps: number;
  orders: number;
  crashes: number;
}

function printFailure(failure: SeedFailure): void {
  const { violation } = failure;
  const lines = [
    `FAIL seed ${failure.seed}: ${violation.invariant} ${violation.message}`,
    `  at ${violation.at}, step "${violation.step}"`,
    `  replay: ${failure.replay}`,
  ];
  if (failure.minimal) {
    lines.push(
      `  shrunk to: ${failure.minimal.violation.invariant} ${failure.minimal.violation.message}`,
      `  replay the minimal scenario: ${replayCommand(failure.seed, bug, failure.minimal.path)}`,
      `  minimal scenario: ${JSON.stringify(failure.minimal.scenario)}`,
      '  its steps:',
      ...failure.minimal.trace.map((line) => `    ${line}`),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (values.worker) {
  // A worker whose parent is gone has nobody to report to: its next line fails, and it stops.
  process.stdout.on('error', () => process.exit(1));
  const from = whole('from', values.from, 0);
  await runSeeds(from, whole('seeds', values.seeds, 1), {
    ...options,
    onSeed: (seed, run, failure) => {
      const line: SeedLine = { seed, failure, ...run.stats };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    },
  });
} else if (values.seed !== undefined) {
  const seed = whole('seed', values.seed, 0);
  if (values.path) {
    const run = await replayPath(seed, values.path, options);
    process.stdout.write(`${run.trace.join('\n')}\n`);
    const { violation } = run;
    process.stdout.write(violation ? `FAIL ${violation.invariant} ${violation.message}\n` : 'clean\n');
    process.exit(violation ? 1 : 0);
  }
  const { run, failure } = await runSeed(seed, options);
  process.stdout.write(`${run.trace.join('\n')}\n`);
  if (failure) printFailure(failure);
  else process.stdout.write(`seed ${seed} clean: ${run.stats.steps} steps, ${run.stats.orders} orders\n`);
  process.exit(failure ? 1 : 0);
} else {
  await runRange();
}

/** Split the range over worker processes, show progress, print failures and the rate. */
async function runRange(): Promise<void> {
  const from = whole('from', values.from, 0);
  const count = whole('seeds', values.seeds, 1);
  const workers = Math.min(count, whole('workers', values.workers ?? String(availableParallelism()), 1));
  const startedMs = performance.now();
  const totals = { done: 0, steps: 0, orders: 0, crashes: 0 };
  const failures: SeedFailure[] = [];
  const tty = process.stderr.isTTY === true;
  const progress = () => {
    // A bar redrawn in place on a terminal; a line per tenth of the range in a log.
    if (!tty && totals.done % Math.max(1, Math.floor(count / 10)) !== 0) return;
    const seconds = (performance.now() - startedMs) / 1000;
    const filled = Math.round((totals.done / count) * 30);
    process.stderr.write(
      `${tty ? '\r' : ''}  [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${totals.done}/${count} seeds  ${(totals.done / seconds).toFixed(1)} seeds/s  ${failures.length} failed${tty ? '' : '\n'}`,
    );
  };
  process.stderr.write(`simulation: seeds ${from}..${from + count - 1} on ${workers} workers\n`);
  const share = Math.ceil(count / workers);
  await Promise.all(
    Array.from({ length: workers }, (_, index) => {
      const first = from + index * share;
      const seeds = Math.min(share, from + count - first);
      if (seeds <= 0) return Promise.resolve();
      return runWorker(first, seeds, (line) => {
        totals.done += 1;
        totals.steps += line.steps;
        totals.orders += line.orders;
        totals.crashes += line.crashes;
        if (line.failure) {
          failures.push(line.failure);
          process.stderr.write('\n');
          printFailure(line.failure);
        }
        progress();
      });
    }),
  );
  const seconds = (performance.now() - startedMs) / 1000;
  process.stderr.write('\n');
  process.stdout.write(
    `${count} seeds ${failures.length === 0 ? 'clean' : `with ${failures.length} failing`} in ${seconds.toFixed(1)} s: ${(count / seconds).toFixed(1)} seeds/s on ${workers} workers; ${totals.steps} steps, ${totals.orders} orders, ${totals.crashes} crashes\n`,
  );
  process.exit(failures.length === 0 ? 0 : 1);
}

/** One worker process running `seeds` seeds from `first`, reporting each as a JSON line. */
function runWorker(first: number, seeds: number, onLine: (line: SeedLine) => void): Promise<void> {
  const args = [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    '--worker',
    '--from',
    String(first),
    '--seeds',
    String(seeds),
    ...(bug ? ['--bug', bug] : []),
    ...(values['no-shrink'] ? ['--no-shrink'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  workerProcesses.push(child);
  createInterface({ input: child.stdout }).on('line', (text) => onLine(JSON.parse(text) as SeedLine));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker for seeds from ${first} exited with ${code}`)),
    ),
  );
}
