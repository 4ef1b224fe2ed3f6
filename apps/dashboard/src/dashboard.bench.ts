/**
 * `pnpm bench`: the web app's JavaScript, gzipped, against its 250 KB budget; and the API's latency under load
 * (p50 / p99 of /api/status and /api/portfolio with 32 clients) against a bare Hono route served the same way
 * in the same run, so the figure is the dashboard's own cost, not the machine's. Not a test.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { emit } from '../../../bench/figure.ts';
import { createDashboardHarness, DRIFTED, TOKEN } from '../test/dashboard-harness.ts';
import { startDashboard } from './server/start-dashboard.ts';
import { BUILT_WEB_DIR } from './server/web-routes.ts';

const BUDGET_GZIP_BYTES = 250 * 1024;
const CLIENTS = 32;
const REQUESTS_PER_CLIENT = 150;

/** The gzipped size of every JavaScript file the app loads. */
async function appJavaScriptGzipBytes(): Promise<{ files: number; bytes: number; gzipBytes: number }> {
  const dir = join(BUILT_WEB_DIR, 'assets');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.js'));
  let bytes = 0;
  let gzipBytes = 0;
  for (const name of names) {
    const content = await readFile(join(dir, name));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files: names.length, bytes, gzipBytes };
}

/** Latencies (ms) of `CLIENTS` clients each making `REQUESTS_PER_CLIENT` requests in a row. */
async function load(url: string, headers: Record<string, string>): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        const start = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

function line(name: string, sorted: number[], base: number[] | null): string {
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const ratio = base ? `  (${(p99 / percentile(base, 99)).toFixed(2)}× the bare route's p99)` : '';
  return `  ${name.padEnd(16)} p50 ${p50.toFixed(2).padStart(6)} ms   p99 ${p99.toFixed(2).padStart(6)} ms${ratio}`;
}

const size = await appJavaScriptGzipBytes();
const within = size.gzipBytes <= BUDGET_GZIP_BYTES;
console.log(
  `dashboard app JavaScript: ${size.files} file(s), ${(size.bytes / 1024).toFixed(1)} KB, ${(size.gzipBytes / 1024).toFixed(1)} KB gzipped — budget ${BUDGET_GZIP_BYTES / 1024} KB: ${within ? 'within' : 'OVER'}`,
);

const harness = await createDashboardHarness();
harness.seed(DRIFTED);
await harness.deps.runCycle({ force: false });
const dashboard = await startDashboard({
  deps: harness.deps,
  host: '127.0.0.1',
  port: 0,
  configuredToken: TOKEN,
  webDir: null,
});
const origin = new URL(dashboard.url).origin;
const signIn = await fetch(`${origin}/api/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin },
  body: JSON.stringify({ token: TOKEN }),
});
const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

const bare = serve({
  fetch: new Hono().get('/bare', (c) => c.json({ ok: true })).fetch,
  hostname: '127.0.0.1',
  port: 0,
});
await new Promise<void>((resolve) => bare.once('listening', () => resolve()));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/bare`;

// Warm both (the first broker read lands in the background; JIT), then measure.
await load(`${origin}/api/status`, { cookie });
await load(bareUrl, {});
const baseline = await load(bareUrl, {});
const status = await load(`${origin}/api/status`, { cookie });
const portfolio = await load(`${origin}/api/portfolio`, { cookie });
console.log(
  `API latency under load (${CLIENTS} clients × ${REQUESTS_PER_CLIENT} requests each, keep-alive):`,
);
console.log(line('bare Hono route', baseline, null));
console.log(line('/api/status', status, baseline));
console.log(line('/api/portfolio', portfolio, baseline));

// For `pnpm bench`'s table (scripts/bench.mjs): the issue's figures as BENCH lines.
emit({
  id: 'dashboard.js-gzip',
  label: 'dashboard JavaScript, gzipped',
  unit: 'KB',
  median: size.gzipBytes / 1024,
  spread: `${size.files} file(s), ${(size.bytes / 1024).toFixed(0)} KB raw`,
  samples: 1,
  baseline: null,
  budget: { text: `< ${BUDGET_GZIP_BYTES / 1024} KB`, ok: within },
});
for (const [name, sorted] of [
  ['/api/status', status],
  ['/api/portfolio', portfolio],
] as const) {
  const p99 = percentile(sorted, 99);
  emit({
    id: `dashboard.api${name.slice(4).replace('/', '.')}.p99`,
    label: `${name} p99, ${CLIENTS} clients`,
    unit: 'ms',
    median: p99,
    spread: `p50 ${percentile(sorted, 50).toFixed(2)}`,
    samples: sorted.length,
    baseline: { label: 'bare Hono route p99', median: percentile(baseline, 99) },
    budget: { text: '< 10 ms', ok: p99 < 10 },
  });
}

await dashboard.close();
await new Promise<void>((resolve) => bare.close(() => resolve()));
harness.close();
if (!within) process.exitCode = 1;
