import { describe, expect, test } from 'vitest';
import { describeConfig } from './describe-config.ts';
import { ConfigError } from './errors.ts';
import { parseConfig } from './load-config.ts';

const env = { HOME: '/home/ada', APCA_API_KEY_ID: 'PKTESTKEYID', APCA_API_SECRET_KEY: 'test-secret-value' };
const parse = (text: string) => parseConfig(text, 'dalio.yaml', env, { cwd: '/srv/dalio' });

function messageOf(text: string): string {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('notifications', () => {
  test('webhook presets and templates, e-mail sender and SMTP variable, and the alert timing settings', () => {
    const config = parse(
      [
        'notifications:',
        '  channels:',
        '    - { kind: webhook, url: "https://hooks.slack.com/services/T/B/X", preset: slack }',
        `    - { kind: webhook, url: "https://example.com/hook", templates: { default: '{"t": "{{subject}}"}', dead-man: '{"page": "{{title}}"}' } }`,
        '    - { kind: email, to: ada@example.com, from: dalio@example.com }',
        '  renotifyMinutes: 60',
        '  timeoutMs: 2000',
        '  retries: 0',
        '  successPingUrl: "https://hc-ping.com/0000-secret"',
        '  deadManGraceMinutes: 90',
        '  driftAlertDays: 45',
      ].join('\n'),
    );
    expect(config.notifications).toEqual({
      channels: [
        { kind: 'webhook', url: 'https://hooks.slack.com/services/T/B/X', preset: 'slack', templates: {} },
        {
          kind: 'webhook',
          url: 'https://example.com/hook',
          preset: 'generic',
          templates: { default: '{"t": "{{subject}}"}', 'dead-man': '{"page": "{{title}}"}' },
        },
        { kind: 'email', to: 'ada@example.com', from: 'dalio@example.com', smtpUrlEnv: 'DALIO_SMTP_URL' },
      ],
      minSeverity: 'info',
      renotifyMinutes: 60,
      timeoutMs: 2000,
      retries: 0,
      successPingUrl: 'https://hc-ping.com/0000-secret',
      deadManGraceMinutes: 90,
      driftAlertDays: 45,
    });
    expect(JSON.stringify(describeConfig(config))).not.toContain('0000-secret');
  });

  test.each([
    [
      'an unknown preset',
      'notifications:\n  channels:\n    - { kind: webhook, url: "https://x.example", preset: teams }\n',
      'dalio.yaml: notifications.channels[0].preset: "teams" is not a webhook preset, use one of generic, slack, discord',
    ],
    [
      'a template for an unknown kind',
      `notifications:\n  channels:\n    - { kind: webhook, url: "https://x.example", templates: { failure: '{}' } }\n`,
      'dalio.yaml: notifications.channels[0].templates.failure',
    ],
    [
      'a template with an unknown field',
      `notifications:\n  channels:\n    - { kind: webhook, url: "https://x.example", templates: { default: '{"t": "{{subjekt}}"}' } }\n`,
      'dalio.yaml: notifications.channels[0].templates.default: {{subjekt}} is not a field',
    ],
    [
      'a template that is not JSON',
      `notifications:\n  channels:\n    - { kind: webhook, url: "https://x.example", templates: { default: '{"t": {{title}}}' } }\n`,
      'dalio.yaml: notifications.channels[0].templates.default: is not JSON once filled in',
    ],
    [
      'a timeout too short to send anything',
      'notifications:\n  timeoutMs: 10\n',
      'dalio.yaml: notifications.timeoutMs: 10',
    ],
  ])('%s is refused, naming the setting', (_, text, start) => {
    expect(messageOf(text).startsWith(start)).toBe(true);
  });
});
