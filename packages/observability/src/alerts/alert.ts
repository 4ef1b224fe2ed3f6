/** How bad an alert is; channels send only from the configured least severity up. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** Every severity, least severe first. */
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

/** What an alert is about; webhook templates are chosen by it. */
export type AlertKind =
  | 'cycle-traded'
  | 'cycle-partial'
  | 'cycle-failed'
  | 'cycle-refused'
  | 'state-corrupt'
  | 'check-failing'
  | 'dead-man'
  | 'resolved'
  | 'test';

/** Every alert kind (for config validation of per-kind templates). */
export const ALERT_KINDS: readonly AlertKind[] = [
  'cycle-traded',
  'cycle-partial',
  'cycle-failed',
  'cycle-refused',
  'state-corrupt',
  'check-failing',
  'dead-man',
  'resolved',
  'test',
];

/**
 * One message for a person: what happened, what it means for the money, and the command to run next.
 * `key` groups repeats (one firing alert per key); a `resolved` alert closes the key it names.
 */
export interface Alert {
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  /** What happened, in one line (the e-mail subject). */
  title: string;
  /** What it means for the money. */
  impact: string;
  /** The command to run next. */
  action: string;
  details: string[];
  /** When it happened (ISO 8601). */
  at: string;
  /** `paper` or `live`, so a message about real money is never mistaken for a paper one. */
  mode: string;
}

/** True when `severity` is at least `least`. */
export function atLeast(severity: AlertSeverity, least: AlertSeverity): boolean {
  return ALERT_SEVERITIES.indexOf(severity) >= ALERT_SEVERITIES.indexOf(least);
}

/** The one-line subject of an alert. */
export function alertSubject(alert: Alert): string {
  const tag = alert.kind === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase();
  return `[Dalio Lite ${alert.mode}] ${tag}: ${alert.title}`;
}

/** The plain-text body of an alert (e-mail, chat presets, the log). */
export function alertText(alert: Alert): string {
  return [
    alertSubject(alert),
    '',
    `What happened: ${alert.title}`,
    `What it means for your money: ${alert.impact}`,
    `What to do next: ${alert.action}`,
    ...(alert.details.length > 0 ? ['', ...alert.details.map((line) => `- ${line}`)] : []),
    '',
    `(${alert.at})`,
  ].join('\n');
}
