import { afterEach, describe, expect, it } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../../test/receivers.ts';
import type { Alert } from './alert.ts';
import { createEmailChannel } from './email-channel.ts';

const alert: Alert = {
  key: 'check:heartbeat',
  kind: 'dead-man',
  severity: 'critical',
  title: 'Dead-man switch: no successful cycle since 2025-03-03',
  impact: 'Nothing is watching the portfolio.',
  action: 'Run `dalio health`.',
  details: ['one detail'],
  at: '2025-03-04T17:00:00.000Z',
  mode: 'paper',
};

let smtp: SmtpReceiver | null = null;
afterEach(async () => {
  await smtp?.close();
  smtp = null;
});

describe('email channel', () => {
  it('delivers the subject and the three-part body to a real SMTP server on 127.0.0.1', async () => {
    smtp = await startSmtpReceiver();
    const channel = createEmailChannel({
      to: 'ada@example.com',
      from: 'dalio@example.com',
      smtpUrl: smtp.url,
      smtpUrlSource: 'DALIO_SMTP_URL',
    });
    await channel.send(alert, new AbortController().signal);
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail?.to).toEqual(['ada@example.com']);
    expect(mail?.from).toBe('dalio@example.com');
    expect(mail?.subject).toBe(
      '[Dalio Lite paper] CRITICAL: Dead-man switch: no successful cycle since 2025-03-03',
    );
    expect(mail?.text).toContain('What happened: Dead-man switch: no successful cycle since 2025-03-03');
    expect(mail?.text).toContain('What it means for your money: Nothing is watching the portfolio.');
    expect(mail?.text).toContain('What to do next: Run `dalio health`.');
  });

  it('names the missing environment variable instead of trying to send', async () => {
    const channel = createEmailChannel({
      to: 'ada@example.com',
      smtpUrl: null,
      smtpUrlSource: 'DALIO_SMTP_URL',
    });
    await expect(channel.send(alert, new AbortController().signal)).rejects.toThrow(
      /DALIO_SMTP_URL is not set/,
    );
  });
});
