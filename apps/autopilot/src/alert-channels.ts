import type { DalioConfig } from '@dalio-lite/config';
import {
  type Alert,
  type AlertChannel,
  alertSubject,
  createEmailChannel,
  createFileChannel,
  createLogChannel,
  createWebhookChannel,
  type WebhookTemplates,
} from '@dalio-lite/observability';
import type { Logger } from 'pino';

/** The configured alert channels; the console channel writes to this process's log. */
export function alertChannels(config: DalioConfig, logger: Logger, env: NodeJS.ProcessEnv): AlertChannel[] {
  return config.notifications.channels.map((channel) => alertChannel(channel, config, logger, env));
}

function alertChannel(
  channel: DalioConfig['notifications']['channels'][number],
  config: DalioConfig,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): AlertChannel {
  switch (channel.kind) {
    case 'console':
      return createLogChannel((alert) => logAlert(logger, alert));
    case 'file':
      return createFileChannel(channel.path);
    case 'webhook':
      return createWebhookChannel({
        url: channel.url,
        preset: channel.preset,
        templates: channel.templates as WebhookTemplates,
        retries: config.notifications.retries,
      });
    case 'email':
      return createEmailChannel({
        to: channel.to,
        ...(channel.from ? { from: channel.from } : {}),
        smtpUrl: env[channel.smtpUrlEnv]?.trim() || null,
        smtpUrlSource: channel.smtpUrlEnv,
      });
  }
}

/** An alert as a log line: critical as an error, a warning as a warning, the rest as information. */
function logAlert(logger: Logger, alert: Alert): void {
  const fields = {
    event: 'alert.raised',
    alert: { key: alert.key, kind: alert.kind, severity: alert.severity },
    impact: alert.impact,
    action: alert.action,
    details: alert.details,
  };
  const subject = alertSubject(alert);
  if (alert.kind !== 'resolved' && alert.severity === 'critical') logger.error(fields, subject);
  else if (alert.kind !== 'resolved' && alert.severity === 'warning') logger.warn(fields, subject);
  else logger.info(fields, subject);
}
