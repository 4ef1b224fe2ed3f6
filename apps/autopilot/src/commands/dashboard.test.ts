import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@dalio-lite/config';
import { createApi } from '@dalio-lite/dashboard';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime.ts';
import { dashboardDeps } from './dashboard.ts';

const TOKEN = 'unit-dashboard-token-0123456789';

/** The status the dashboard's badge reads, for a config file's text (the broker never answers: port 9). */
async function statusFor(yaml: string) {
  const home = await mkdtemp(join(tmpdir(), 'dalio-dash-unit-'));
  const config = parseConfig(
    yaml,
    'dalio.yaml',
    {
      HOME: home,
      DALIO_STATE_DIR: join(home, 'state'),
      APCA_API_KEY_ID: 'AKUNITTESTKEY',
      APCA_API_SECRET_KEY: 'unit-test-secret',
      DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:9',
    },
    { cwd: home },
  );
  const runtime = createRuntime(config, { logger: pino({ level: 'silent' }) });
  const { app, close } = createApi(dashboardDeps(runtime), { auth: { token: TOKEN } });
  try {
    const response = await app.request('http://127.0.0.1/api/status', {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return (await response.json()) as { mode: string; broker: { kind: string; label: string } };
  } finally {
    close();
  }
}

describe('dalio dashboard: the deps of the runtime', () => {
  it('the paper/live badge reads `mode`, the setting the engine and the broker keys follow', async () => {
    const live = await statusFor('mode: live\n');
    expect(live).toMatchObject({ mode: 'live', broker: { kind: 'alpaca' } });
    expect(live.broker.label).toContain('ALPACA LIVE');
    const paper = await statusFor('mode: paper\n');
    expect(paper).toMatchObject({ mode: 'paper', broker: { kind: 'alpaca' } });
    expect(paper.broker.label).not.toContain('LIVE');
  });
});
