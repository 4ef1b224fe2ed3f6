import { createRebalanceHistory } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardHarness, type DashboardHarness } from '../../test/dashboard-harness.ts';

let harness: DashboardHarness | null = null;
afterEach(() => {
  harness?.close();
  harness = null;
});

/** Read server-sent events until one matches, or fail after `timeoutMs`. */
async function nextEvent(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  match: (event: { event: string; data: string }) => boolean,
  timeoutMs = 10_000,
): Promise<{ event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no matching event')), timeoutMs)),
    ]);
    if (chunk.done) throw new Error('the stream ended');
    buffer += decoder.decode(chunk.value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      if (match({ event, data })) return { event, data };
      end = buffer.indexOf('\n\n');
    }
  }
  throw new Error('no matching event');
}

describe('live updates over server-sent events', () => {
  it('needs a session', async () => {
    harness = await createDashboardHarness();
    expect((await harness.request('/api/events')).status).toBe(401);
  });

  it('a cycle recorded by another process reaches the open stream as a "history" change', async () => {
    harness = await createDashboardHarness({ api: { watchIntervalMs: 50 } });
    const browser = await harness.signIn();
    const response = await harness.request('/api/events', { as: browser });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await nextEvent(reader, (event) => event.event === 'ready');
    // Another process's `dalio run` appends to the same history file.
    await createRebalanceHistory({ stateDir: harness.stateDir }).append({
      cycleId: 'other-process',
      day: '2025-03-03',
      startedAt: '2025-03-03T15:00:00.000Z',
      finishedAt: '2025-03-03T15:00:01.000Z',
      outcome: 'hold',
      code: 'within-policy',
      decision: { kind: 'hold', reason: 'Every symbol is within its band', code: 'within-band' },
      orders: [],
      brokerAnswers: [],
      reconciliationNotes: [],
      durationsMs: { total: 1000 },
      errors: [],
    });
    const change = await nextEvent(
      reader,
      (event) => event.event === 'change' && event.data.includes('history'),
    );
    expect(JSON.parse(change.data)).toContain('history');
    await reader.cancel();
  });

  it('an action announces what it changed to every open stream', async () => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    const watcher = await harness.signIn();
    const reader = (
      (await harness.request('/api/events', { as: watcher })).body as ReadableStream<Uint8Array>
    ).getReader();
    await nextEvent(reader, (event) => event.event === 'ready');
    expect((await harness.post('/api/halt', { reason: 'from another tab' }, browser)).status).toBe(200);
    const change = await nextEvent(reader, (event) => event.event === 'change');
    expect(JSON.parse(change.data)).toEqual(expect.arrayContaining(['state', 'history', 'market']));
    await reader.cancel();
  });
});
