import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { createMetricsRecorder } from '../metrics-recorder.ts';
import type { Alert } from './alert.ts';
import { createFileChannel } from './file-channel.ts';
import { createNotifier, type NotifierOptions } from './notifier.ts';
import { createWebhookChannel } from './webhook-channel.ts';

const MINUTE = 60_000;

function alertOf(overrides: Partial<Alert> = {}): Alert {
  return {
    key: 'cycle',
    kind: 'cycle-failed',
    severity: 'critical',
    title: 'The rebalance on 2025-03-03 failed',
    impact: 'impact',
    action: 'action',
    details: [],
    at: '2025-03-03T15:00:00.000Z',
    mode: 'paper',
    ...overrides,
  };
}

let receiver: HttpReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

async function setup(options: Partial<NotifierOptions> = {}) {
  receiver = await startHttpReceiver();
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-notifier-'));
  let nowMs = Date.parse('2025-03-03T15:00:00Z');
  const recorder = createMetricsRecorder({ stateDir });
  const make = () =>
    createNotifier({
      stateDir,
      channels: [createWebhookChannel({ url: receiver?.url ?? '', retryDelayMs: 10 })],
      minSeverity: 'info',
      renotifyMs: 60 * MINUTE,
      timeoutMs: 2_000,
      recorder,
      now: () => new Date(nowMs),
      ...options,
    });
  return {
    stateDir,
    recorder,
    make,
    advance: (ms: number) => {
      nowMs += ms;
    },
    received: () => (receiver?.bodies ?? []).map((body) => JSON.parse(body) as Alert),
  };
}

describe('notifier', () => {
  it('sends a repeat only after the re-notify interval, across notifier instances (processes)', async () => {
    const { make, advance, received } = await setup();
    await make().notify([alertOf()]);
    advance(30 * MINUTE);
    const repeat = await make().notify([alertOf()]);
    expect(repeat[0]?.skipped).toBe('repeat');
    expect(received()).toHaveLength(1);
    advance(31 * MINUTE);
    await make().notify([alertOf()]);
    expect(received()).toHaveLength(2);
  });

  it('sends a change of severity at once, and a resolved message only for what was firing', async () => {
    const { make, received } = await setup();
    const notifier = make();
    await notifier.notify([alertOf({ severity: 'warning' })]);
    await notifier.notify([alertOf({ severity: 'critical' })]);
    const resolved = alertOf({ kind: 'resolved', severity: 'info', title: 'Cycles succeed again' });
    await notifier.notify([resolved]);
    const [again] = await notifier.notify([resolved]);
    expect(again?.skipped).toBe('not-firing');
    expect(received().map((a) => `${a.kind}/${a.severity}`)).toEqual([
      'cycle-failed/warning',
      'cycle-failed/critical',
      'resolved/info',
    ]);
  });

  it('keeps below-severity alerts back', async () => {
    const { make, received } = await setup({ minSeverity: 'critical' });
    const [outcome] = await make().notify([alertOf({ severity: 'warning' })]);
    expect(outcome?.skipped).toBe('below-severity');
    expect(received()).toEqual([]);
  });

  it('retries a 500 with backoff, reports the failure, counts it, and still delivers to the other channels', async () => {
    const { make, stateDir, recorder } = await setup();
    receiver?.setMode({ kind: 'status', status: 500 });
    const file = join(stateDir, 'alerts.log');
    const notifier = make();
    const both = createNotifier({
      stateDir,
      channels: [
        createWebhookChannel({ url: receiver?.url ?? '', retries: 2, retryDelayMs: 10 }),
        createFileChannel(file),
      ],
      minSeverity: 'info',
      renotifyMs: MINUTE,
      timeoutMs: 2_000,
      recorder,
    });
    const [outcome] = await both.notify([alertOf()]);
    expect(receiver?.bodies).toHaveLength(3);
    expect(outcome?.deliveries.map((d) => [d.kind, d.ok])).toEqual([
      ['webhook', false],
      ['file', true],
    ]);
    expect(outcome?.deliveries[0]?.error).toMatch(/answered HTTP 500/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ key: 'cycle', kind: 'cycle-failed' });
    const counters = (await recorder.flush()).counters.dalio_alert_deliveries_total ?? [];
    expect(counters).toEqual(
      expect.arrayContaining([
        { labels: { channel: 'webhook', result: 'failed' }, value: 1 },
        { labels: { channel: 'file', result: 'sent' }, value: 1 },
      ]),
    );
    // Delivered through one channel: it counts as sent, so the repeat waits for the interval.
    expect((await notifier.notify([alertOf()]))[0]?.skipped).toBe('repeat');
  });

  it('gives up on a webhook that never answers when the time budget ends, and tries again next time', async () => {
    const { make } = await setup({ timeoutMs: 300 });
    receiver?.setMode({ kind: 'hang' });
    const [outcome] = await make().notify([alertOf()]);
    expect(outcome?.deliveries).toEqual([
      {
        channel: expect.stringMatching(/^webhook 127\.0\.0\.1:\d+$/),
        kind: 'webhook',
        ok: false,
        error: 'timed out after 300 ms',
      },
    ]);
    // Nothing went out, so nothing is remembered as sent: the next notify tries again.
    const [next] = await make().notify([alertOf()]);
    expect(next?.skipped).toBeNull();
  });

  it('never shows the webhook URL (its path is its secret) in a channel label or error', async () => {
    const { make } = await setup();
    receiver?.setMode({ kind: 'status', status: 404 });
    const [outcome] = await make().notify([alertOf()]);
    expect(JSON.stringify(outcome?.deliveries)).not.toContain('secret-path');
  });
});
