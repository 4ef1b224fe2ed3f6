import type { Alert } from './alert.ts';
import { sleepUnlessAborted } from './deadline.ts';
import type { AlertChannel } from './notifier.ts';
import { type WebhookPreset, type WebhookTemplates, webhookBody } from './webhook-body.ts';

/** Options of a webhook channel. */
export interface WebhookChannelOptions {
  url: string;
  preset?: WebhookPreset;
  templates?: WebhookTemplates;
  /** Further attempts after a 5xx, 429 or network failure (default 2); a 4xx is final. */
  retries?: number;
  /** First wait between attempts, doubled each time (default 500 ms); all within the notifier's budget. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

/** A JSON POST per alert; the URL (which embeds its own secret) is never shown, only its host. */
export function createWebhookChannel(options: WebhookChannelOptions): AlertChannel {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const host = new URL(options.url).host;
  return {
    kind: 'webhook',
    label: `webhook ${host}`,
    async send(alert: Alert, signal: AbortSignal) {
      const body = webhookBody(alert, options.preset ?? 'generic', options.templates);
      let failure = '';
      for (let attempt = 0; attempt <= retries; attempt += 1) {
        if (attempt > 0) await sleepUnlessAborted(retryDelayMs * 2 ** (attempt - 1), signal);
        let retryable = true;
        try {
          const response = await fetchFn(options.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'dalio-lite' },
            body,
            signal,
          });
          await response.arrayBuffer().catch(() => undefined);
          if (response.ok) return;
          failure = `${host} answered HTTP ${response.status}`;
          retryable = response.status >= 500 || response.status === 429;
        } catch (error) {
          if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : error;
          failure = `${host} could not be reached (${(error as Error).message})`;
        }
        if (!retryable) break;
      }
      throw new Error(failure);
    },
  };
}
