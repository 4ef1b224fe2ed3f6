/**
 * `pnpm bench`: the dashboard API under load while the autopilot trades, in the production layout: three
 * processes of the built `dist/` — `dalio sim` (Alpaca's API over the bundled prices in time-lapse, a trading day
 * in about 4 s), `dalio daemon` trading on it and `dalio dashboard` on the same state directory. autocannon loads
 * /api/status, /api/cycles (the history page), /api/health and a bare Hono route served by a process of its own,
 * one after another, and counts the daemon's day outcomes meanwhile. Budgets: at least half the bare route's
 * throughput, p99 under 10 ms. /api/health answers from the last background check, so it never waits on the
 * broker. Not a test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { emit } from '../../../bench/figure.ts';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;
const BARE_ROUTE = new URL('../../dashboard/bench/bare-route.mjs', import.meta.url).pathname;
const CONNECTIONS = 16;
const SECONDS = 8;
const BUDGET_P99_MS = 10;

const home = await mkdtemp(join(tmpdir(), 'dalio-bench-dashboard-'));
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, DALIO_STATE_DIR: join(home, 'state') };
const children: ChildProcess[] = [];

/** A child process and the lines it prints, from the first. */
function start(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): AsyncIterableIterator<string> {
  const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  if (!child.stdout) throw new Error('no stdout');
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

async function firstJson<T>(lines: AsyncIterableIterator<string>, what: string): Promise<T> {
  const next = await lines.next();
  if (next.done) throw new Error(`${what} ended before it printed its start-up line`);
  return JSON.parse(next.value) as T;
}

const sim = await firstJson<{ url: string }>(
  start([MAIN, 'sim', '--speed', '20000', '--json', '--data-dir', join(home, 'sim')], { env }),
  'dalio sim',
);
Object.assign(env, {
  DALIO_ALPACA_BASE_URL: sim.url,
  APCA_API_KEY_ID: 'bench-key',
  APCA_API_SECRET_KEY: 'bench-secret',
});
// Count the daemon's trading-day outcomes (one JSON line each) for the rest of the run.
let daysDone = 0;
const daemon = start([MAIN, 'daemon', '--json'], { env });
void (async () => {
  for await (const line of daemon) if (line.includes('"outcome"')) daysDone += 1;
})();
const dashboard = await firstJson<{ url: string; generatedToken: string }>(
  start([MAIN, 'dashboard', '--port', '0', '--json'], { env }),
  'dalio dashboard',
);
const origin = new URL(dashboard.url).origin;
const signIn = await fetch(`${origin}/api/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin },
  body: JSON.stringify({ token: dashboard.generatedToken }),
});
if (!signIn.ok) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

const bareLines = start([BARE_ROUTE], { cwd: new URL('../../dashboard', import.meta.url).pathname });
const bareUrl = (await bareLines.next()).value as string;

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  days: number;
}

async function load(url: string, headers: Record<string, string>): Promise<Load> {
  const daysBefore = daysDone;
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} answers not 2xx, ${result.errors} errors`);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    days: daysDone - daysBefore,
  };
}

try {
  // Warm both (JIT, the dashboard's first background reads), then measure the baseline and each route.
  await autocannon({ url: bareUrl, connections: CONNECTIONS, duration: 2 });
  await autocannon({
    url: `${origin}/api/status`,
    connections: CONNECTIONS,
    duration: 2,
    headers: { cookie },
  });
  const baseline = await load(bareUrl, {});
  console.log(
    `bare Hono route: ${baseline.requestsPerSecond.toFixed(0)} req/s, p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`,
  );
  for (const [path, name] of [
    ['/api/status', 'status'],
    ['/api/cycles?limit=20', 'history'],
    ['/api/health', 'health'],
  ] as const) {
    const measured = await load(`${origin}${path}`, { cookie });
    const ratio = measured.requestsPerSecond / baseline.requestsPerSecond;
    console.log(
      `${path}: ${measured.requestsPerSecond.toFixed(0)} req/s (${ratio.toFixed(2)}× the bare route), p50 ${measured.p50} ms, p99 ${measured.p99} ms; ${measured.days} trading days ran meanwhile`,
    );
    emit({
      id: `dashboard.load.${name}.throughput`,
      label: `${path} req/s while the autopilot trades`,
      unit: 'req/s',
      median: measured.requestsPerSecond,
      spread: `${measured.days} days traded meanwhile`,
      samples: SECONDS,
      baseline: { label: 'bare Hono route req/s', median: baseline.requestsPerSecond },
      budget: { text: '≥ 0.5× bare', ok: ratio >= 0.5 },
    });
    emit({
      id: `dashboard.load.${name}.p99`,
      label: `${path} p99 while the autopilot trades`,
      unit: 'ms',
      median: measured.p99,
      spread: `p50 ${measured.p50}`,
      samples: SECONDS,
      baseline: { label: 'bare Hono route p99', median: baseline.p99 },
      budget: { text: `< ${BUDGET_P99_MS} ms`, ok: measured.p99 < BUDGET_P99_MS },
    });
  }
} finally {
  const exited = (child: ChildProcess) =>
    child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map(exited));
  await rm(home, { recursive: true, force: true });
}
