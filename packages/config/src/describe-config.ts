import type { DalioConfig } from './dalio-config.ts';

/** What replaces a secret in describeConfig's output. */
export const REDACTED = '***';

function redact(value: string | null): string | null {
  return value === null ? null : REDACTED;
}

/** A URL without user:password, which proxies sometimes carry. */
function withoutCredentials(url: string | null): string | null {
  if (url === null) return null;
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = REDACTED;
  parsed.password = '';
  return parsed.toString();
}

/**
 * The config as a plain JSON-safe object for `dalio status` and logs, with every secret replaced by `***`:
 * API keys, the dashboard token, webhook and ping URLs (they embed their own secret) and URL credentials.
 */
export function describeConfig(config: DalioConfig): Record<string, unknown> {
  const { alpaca } = config.broker;
  const described = {
    ...config,
    broker: {
      ...config.broker,
      alpaca: {
        ...alpaca,
        keyId: redact(alpaca.keyId),
        secretKey: redact(alpaca.secretKey),
        baseUrl: withoutCredentials(alpaca.baseUrl),
      },
    },
    dashboard: { ...config.dashboard, token: redact(config.dashboard.token) },
    notifications: {
      ...config.notifications,
      successPingUrl: redact(config.notifications.successPingUrl),
      channels: config.notifications.channels.map((channel) =>
        channel.kind === 'webhook' ? { ...channel, url: REDACTED } : channel,
      ),
    },
    backup: {
      ...config.backup,
      s3:
        config.backup.s3 === null
          ? null
          : { ...config.backup.s3, endpoint: withoutCredentials(config.backup.s3.endpoint) },
    },
  };
  return JSON.parse(JSON.stringify(described)) as Record<string, unknown>;
}
