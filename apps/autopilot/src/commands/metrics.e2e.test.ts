import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { METRICS, metricNameProblems } from '@dalio-lite/observability';
import { afterEach, describe, expect, it } from 'vitest';
import {
  autopilotEnv,
  dalioArgs,
  runDalioChild,
  type SimChild,
  startSimChild,
} from '../../test/child-processes.ts';

interface Family {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; count?: string }[];
}
const parsePrometheusText = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => Family[];

let sim: SimChild | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sim?.stop();
  sim = null;
});

/** Start `dalio daemon --metrics-port 0` and wait for the URL it serves its metrics on. */
async function startDaemon(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, dalioArgs(['daemon', '--json', '--metrics-port', '0']), {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 25_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = lines.find((line) => pattern.test(line));
      if (match) return match;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no line matched ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`);
  };
  const started = JSON.parse(await waitFor(/"event":"daemon.started"/)) as { metricsUrl: string };
  return {
    url: started.metricsUrl,
    waitFor,
    stop: async () => {
      child.kill('SIGTERM');
      return exit;
    },
  };
}

/** Every sample of a counter or histogram (buckets, sums and counts), by its name and labels as printed. */
function counterSamples(text: string, families: Family[]): Map<string, number> {
  const monotonic = new Set(
    families
      .filter((family) => family.type === 'COUNTER' || family.type === 'HISTOGRAM')
      .map((family) => family.name),
  );
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+?)(_bucket|_sum|_count)?(\{.*\})? (\S+)$/.exec(line);
    if (!match) continue;
    const [, base = '', suffix = '', labels = '', value = ''] = match;
    const family = monotonic.has(`${base}${suffix}`) ? `${base}${suffix}` : monotonic.has(base) ? base : null;
    if (family !== null) samples.set(`${base}${suffix}${labels}`, Number(value));
  }
  return samples;
}

async function scrape(url: string): Promise<{ text: string; families: Family[] }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, families: parsePrometheusText(text) };
}

describe('metrics of the daemon', () => {
  it('serve /metrics on 127.0.0.1 in the text format, named by the rules, and keep counting across a restart', async () => {
    // 1 800× speed: 08:00 → 10:00 New York takes four real seconds.
    sim = await startSimChild({ start: '2025-03-03T08:00:00-05:00', speed: 1_800 });
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-metrics-e2e-'));
    const env = autopilotEnv(sim, stateDir);
    const first = await startDaemon(env);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await first.waitFor(/^\{(?!"level").*"code":"traded"/);
    const before = await scrape(first.url);

    // Every family is one of ours and follows the naming rules; an unknown path is a 404.
    for (const family of before.families) {
      const definition = Object.values(METRICS).find((metric) => metric.name === family.name);
      expect(definition, family.name).toBeDefined();
      expect(
        metricNameProblems(family.name, definition?.type ?? 'gauge', definition?.labelNames ?? []),
      ).toEqual([]);
    }
    expect((await fetch(first.url.replace('/metrics', '/'))).status).toBe(404);
    const cycles = before.families.find((family) => family.name === 'dalio_cycles_total');
    expect(cycles?.metrics).toContainEqual({ value: '1', labels: { outcome: 'committed', code: 'traded' } });
    const requests = before.families.find((family) => family.name === 'dalio_broker_requests_total');
    expect(
      requests?.metrics.some((m) => m.labels?.operation === 'submit_order' && Number(m.value) >= 1),
    ).toBe(true);
    expect(before.text).toMatch(/^dalio_last_successful_cycle_timestamp_seconds \d+/m);
    expect(before.text).toMatch(/^dalio_equity_dollars \d+/m);

    expect(await first.stop()).toBe(0);
    const second = await startDaemon(env);
    const after = await scrape(second.url);
    // A restart never looks like a counter reset: no series is lower, none has gone.
    const afterSamples = counterSamples(after.text, after.families);
    const beforeSamples = counterSamples(before.text, before.families);
    expect(beforeSamples.size).toBeGreaterThan(20);
    for (const [series, value] of beforeSamples) {
      expect(afterSamples.get(series), series).toBeGreaterThanOrEqual(value);
    }
    expect(await second.stop()).toBe(0);

    // `dalio metrics` prints the same families once, without a daemon.
    const once = await runDalioChild(['metrics'], env);
    expect(once.code).toBe(0);
    expect(
      parsePrometheusText(once.stdout)
        .map((family) => family.name)
        .sort(),
    ).toEqual(after.families.map((family) => family.name).sort());
  });
});
