import { type Alert, alertSubject, alertText } from './alert.ts';
import { untilAborted } from './deadline.ts';
import type { AlertChannel } from './notifier.ts';

/** Options of an e-mail channel. */
export interface EmailChannelOptions {
  to: string;
  from?: string;
  /** `smtp://user:pass@host:587` or `smtps://...`; null when the environment variable holding it is unset. */
  smtpUrl: string | null;
  /** Where the URL should come from, for the message when it is missing (e.g. `DALIO_SMTP_URL`). */
  smtpUrlSource: string;
}

/** E-mail over SMTP (nodemailer): the alert's subject line and its plain-text body. */
export function createEmailChannel(options: EmailChannelOptions): AlertChannel {
  return {
    kind: 'email',
    label: `email to ${options.to}`,
    async send(alert: Alert, signal: AbortSignal) {
      if (!options.smtpUrl) {
        throw new Error(
          `${options.smtpUrlSource} is not set; set it to the SMTP server URL, e.g. smtp://user:password@smtp.example.com:587`,
        );
      }
      // Loaded when an e-mail is sent: nodemailer is large, and every `dalio` command builds the channels.
      const { createTransport } = await import('nodemailer');
      const transport = createTransport({
        url: options.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      });
      const close = () => transport.close();
      signal.addEventListener('abort', close, { once: true });
      try {
        await untilAborted(
          transport.sendMail({
            from: options.from ?? 'Dalio Lite <dalio-lite@localhost>',
            to: options.to,
            subject: alertSubject(alert),
            text: alertText(alert),
          }),
          signal,
        );
      } finally {
        signal.removeEventListener('abort', close);
        close();
      }
    },
  };
}
