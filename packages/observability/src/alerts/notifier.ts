import type { StateDirOptions } from '@dalio-lite/state';
import type { MetricsRecorder } from '../metrics-recorder.ts';
import { type Alert, type AlertSeverity, atLeast } from './alert.ts';
import { type AlertState, createAlertStateFile } from './alert-state.ts';
import { startDeadline, untilAborted } from './deadline.ts';

/** Somewhere an alert can be sent: the log, a file, a webhook, e-mail. */
export interface AlertChannel {
  /** The channel kind, a metric label (`console`, `file`, `webhook`, `email`). */
  readonly kind: string;
  /** Names the channel for a person without revealing its secret (`webhook hooks.slack.com`). */
  readonly label: string;
  /** Send one alert; stop when `signal` aborts (the notifier's time budget). */
  send(alert: Alert, signal: AbortSignal): Promise<void>;
}

/** How one channel's attempt went. */
export interface Delivery {
  channel: string;
  kind: string;
  ok: boolean;
  error: string | null;
}

/** What became of one alert: sent (with each channel's result), or why it was not. */
export interface AlertOutcome {
  alert: Alert;
  /** Null when it went out; otherwise why it did not. */
  skipped: 'below-severity' | 'repeat' | 'not-firing' | null;
  deliveries: Delivery[];
}

/** What the notifier reports to the app's log. */
export type NotifierEvent =
  | { type: 'alert-sent'; alert: Alert; channel: string }
  | { type: 'alert-failed'; alert: Alert; channel: string; error: string }
  | { type: 'alert-skipped'; alert: Alert; why: 'below-severity' | 'repeat' | 'not-firing' };

/** Options of the notifier. */
export interface NotifierOptions extends Pick<StateDirOptions, 'stateDir' | 'onEvent'> {
  channels: readonly AlertChannel[];
  /** Least severity that is sent. */
  minSeverity: AlertSeverity;
  /** A firing alert of the same key and severity is sent again only after this long. */
  renotifyMs: number;
  /** The most time one `notify` may take, every channel and retry included. */
  timeoutMs: number;
  recorder?: MetricsRecorder;
  now?: () => Date;
  onNotifierEvent?: (event: NotifierEvent) => void;
}

/** Sends alerts to every channel within a time budget, de-duplicated by key across processes and restarts. */
export interface Notifier {
  /** Send what is due; never throws and never takes longer than the time budget (plus a small state write). */
  notify(alerts: readonly Alert[]): Promise<AlertOutcome[]>;
  /** Send one alert to every channel, ignoring severity and repeats (`dalio alert test`). */
  sendToAll(alert: Alert): Promise<Delivery[]>;
}

/** Alerts that report an event rather than a condition: never remembered as firing. */
const ONE_OFF = new Set(['cycle-traded', 'test']);

/** Create the notifier. */
export function createNotifier(options: NotifierOptions): Notifier {
  const state = createAlertStateFile({
    stateDir: options.stateDir,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const now = options.now ?? (() => new Date());
  const report = options.onNotifierEvent ?? (() => {});

  const deliver = async (alerts: readonly Alert[]): Promise<Delivery[][]> => {
    const deadline = startDeadline(options.timeoutMs);
    try {
      return await Promise.all(
        alerts.map((alert) =>
          Promise.all(
            options.channels.map(async (channel): Promise<Delivery> => {
              try {
                await untilAborted(channel.send(alert, deadline.signal), deadline.signal);
                options.recorder?.increment('alertDeliveries', { channel: channel.kind, result: 'sent' });
                report({ type: 'alert-sent', alert, channel: channel.label });
                return { channel: channel.label, kind: channel.kind, ok: true, error: null };
              } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                options.recorder?.increment('alertDeliveries', { channel: channel.kind, result: 'failed' });
                report({ type: 'alert-failed', alert, channel: channel.label, error: message });
                return { channel: channel.label, kind: channel.kind, ok: false, error: message };
              }
            }),
          ),
        ),
      );
    } finally {
      deadline.clear();
    }
  };

  return {
    async notify(alerts) {
      let current: AlertState = { firing: {} };
      try {
        current = (await state.read()) ?? current;
      } catch {
        // An unreadable alert state only costs a repeated message, never a lost one.
      }
      const at = now();
      const outcomes: AlertOutcome[] = alerts.map((alert) => ({
        alert,
        skipped: skipReason(alert, current, options, at),
        deliveries: [],
      }));
      for (const outcome of outcomes) {
        if (outcome.skipped === null) continue;
        if (outcome.skipped === 'repeat') options.recorder?.increment('alertsDeduplicated');
        report({ type: 'alert-skipped', alert: outcome.alert, why: outcome.skipped });
      }
      const due = outcomes.filter((outcome) => outcome.skipped === null);
      if (due.length === 0) return outcomes;
      const results = await deliver(due.map((outcome) => outcome.alert));
      due.forEach((outcome, index) => {
        outcome.deliveries = results[index] ?? [];
      });
      // Remember what went out through at least one channel; an alert no channel took is tried again next time.
      const delivered = due.filter((outcome) => outcome.deliveries.some((delivery) => delivery.ok));
      if (delivered.length > 0) {
        await state
          .update((stored) => remember(stored ?? { firing: {} }, delivered, at.toISOString()))
          .catch(() => {});
      }
      return outcomes;
    },
    async sendToAll(alert) {
      const [deliveries = []] = await deliver([alert]);
      return deliveries;
    },
  };
}

function skipReason(
  alert: Alert,
  state: AlertState,
  options: Pick<NotifierOptions, 'minSeverity' | 'renotifyMs'>,
  at: Date,
): AlertOutcome['skipped'] {
  const firing = state.firing[alert.key];
  if (alert.kind === 'resolved') return firing ? null : 'not-firing';
  if (!atLeast(alert.severity, options.minSeverity)) return 'below-severity';
  if (ONE_OFF.has(alert.kind) || !firing) return null;
  const escalated = firing.severity !== alert.severity;
  const dueAgain = at.getTime() - Date.parse(firing.lastSentAt) >= options.renotifyMs;
  return escalated || dueAgain ? null : 'repeat';
}

function remember(stored: AlertState, sent: readonly AlertOutcome[], at: string): AlertState {
  const firing = { ...stored.firing };
  for (const { alert } of sent) {
    if (alert.kind === 'resolved') delete firing[alert.key];
    else if (!ONE_OFF.has(alert.kind)) {
      firing[alert.key] = {
        kind: alert.kind,
        severity: alert.severity,
        title: alert.title,
        firstAt: firing[alert.key]?.firstAt ?? at,
        lastSentAt: at,
      };
    }
  }
  return { firing };
}
