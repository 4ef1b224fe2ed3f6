import { defaultConfig } from '@dalio-lite/config';
import { describe, expect, it } from 'vitest';
import { createLogger, logEngineEvent } from './logger.ts';

const KEY_ID = 'PKLOGGERKEYID12345';
const SECRET = 'logger"secret\\value/0987654321';
const SMTP_URL = 'smtp://mailer:smtp-password-42@mail.example.com:587';

function logToLines() {
  const config = defaultConfig(
    { HOME: '/home/ada', APCA_API_KEY_ID: KEY_ID, APCA_API_SECRET_KEY: SECRET },
    { cwd: '/' },
  );
  const written: string[] = [];
  const withFile = {
    ...config,
    logging: { level: 'debug' as const, file: null },
    notifications: {
      ...config.notifications,
      channels: [{ kind: 'email' as const, to: 'ada@example.com', from: null, smtpUrlEnv: 'DALIO_SMTP_URL' }],
    },
  };
  const logger = createLogger(withFile, {
    env: { DALIO_SMTP_URL: SMTP_URL },
    destination: { write: (line: string) => written.push(line) },
  });
  const read = () => written.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, read };
}

describe('the log', () => {
  it('removes keys, secrets, tokens and Authorization headers whatever the call site logs', async () => {
    const { logger, read } = logToLines();
    logger.warn(
      {
        request: {
          headers: {
            Authorization: `Bearer ${SECRET}`,
            'APCA-API-KEY-ID': KEY_ID,
            accept: 'application/json',
          },
        },
        options: { keyId: KEY_ID, secret: SECRET, dashboardToken: 'abc', apiKey: 'x' },
        err: new Error(
          `request failed with key ${KEY_ID} and ${SMTP_URL} via https://proxyuser:proxypass-99@proxy.example.com`,
        ),
      },
      `retrying with ${SECRET}`,
    );
    const [line] = read();
    const text = JSON.stringify(line);
    for (const secret of [
      KEY_ID,
      SECRET,
      JSON.stringify(SECRET).slice(1, -1),
      'smtp-password-42',
      'proxypass-99',
      'Bearer',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(line).toMatchObject({
      msg: 'retrying with ***',
      request: { headers: { Authorization: '***', 'APCA-API-KEY-ID': '***', accept: 'application/json' } },
      options: { keyId: '***', secret: '***', dashboardToken: '***', apiKey: '***' },
    });
    // A URL's password is removed even when the URL is not a configured secret.
    expect(text).toContain('https://proxyuser:***@proxy.example.com');
  });

  it('names each event with a dotted name and tags the lines of a cycle with its id', async () => {
    const { logger, read } = logToLines();
    logEngineEvent(logger, { type: 'cycle-started', cycleId: 'cycle-42' });
    logEngineEvent(logger, { type: 'decision', day: '2025-03-03', kind: 'hold', reason: 'within band' });
    logger.warn({ event: 'broker.retry' }, 'broker read retried');
    logEngineEvent(logger, {
      type: 'cycle-finished',
      cycleId: 'cycle-42',
      outcome: 'hold',
      reason: 'within band',
      durationMs: 5,
    });
    logger.info({ event: 'daemon.day' }, 'after the cycle');
    const lines = read();
    expect(lines.map((line) => [line.event, line.cycleId])).toEqual([
      ['cycle.started', 'cycle-42'],
      ['cycle.decision', 'cycle-42'],
      ['broker.retry', 'cycle-42'],
      ['cycle.finished', 'cycle-42'],
      ['daemon.day', undefined],
    ]);
  });
});
