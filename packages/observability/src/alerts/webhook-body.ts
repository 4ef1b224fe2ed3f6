import { type Alert, type AlertKind, alertSubject, alertText } from './alert.ts';

/** The shape of a webhook's JSON: everything (`generic`), Slack's `{text}` or Discord's `{content}`. */
export type WebhookPreset = 'generic' | 'slack' | 'discord';

/** Per-kind JSON templates with `{{field}}` placeholders; `default` applies to kinds without their own. */
export type WebhookTemplates = Partial<Record<AlertKind | 'default', string>>;

/** The placeholders a template may use. */
export const TEMPLATE_FIELDS = [
  'key',
  'kind',
  'severity',
  'title',
  'impact',
  'action',
  'details',
  'at',
  'mode',
  'subject',
  'text',
] as const;

const DISCORD_LIMIT = 2000;

function fieldsOf(alert: Alert): Record<(typeof TEMPLATE_FIELDS)[number], string> {
  return {
    key: alert.key,
    kind: alert.kind,
    severity: alert.severity,
    title: alert.title,
    impact: alert.impact,
    action: alert.action,
    details: alert.details.join('\n'),
    at: alert.at,
    mode: alert.mode,
    subject: alertSubject(alert),
    text: alertText(alert),
  };
}

/** Fill a template: each `{{field}}` becomes the field's text escaped for use inside a JSON string. */
export function fillTemplate(template: string, alert: Alert): string {
  const fields: Record<string, string> = fieldsOf(alert);
  return template.replace(/\{\{\s*([a-z]+)\s*\}\}/g, (whole, name: string) =>
    name in fields ? JSON.stringify(fields[name]).slice(1, -1) : whole,
  );
}

/**
 * Why a template is unusable (an unknown placeholder, or not JSON once filled), or null when it is fine;
 * the config loader reports it with the setting's name.
 */
export function templateProblem(template: string): string | null {
  const unknown = [...template.matchAll(/\{\{\s*([a-z]+)\s*\}\}/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => !(TEMPLATE_FIELDS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    return `uses {{${unknown[0]}}}, which is not a field; use ${TEMPLATE_FIELDS.map((f) => `{{${f}}}`).join(', ')}`;
  }
  const sample: Alert = {
    key: 'k',
    kind: 'test',
    severity: 'info',
    title: 'a "quoted"\ntitle',
    impact: 'i',
    action: 'a',
    details: ['d'],
    at: '2025-01-01T00:00:00.000Z',
    mode: 'paper',
  };
  try {
    JSON.parse(fillTemplate(template, sample));
    return null;
  } catch (error) {
    return `is not JSON once filled in (${(error as Error).message}); put placeholders inside JSON strings, e.g. {"text": "{{subject}}"}`;
  }
}

/** The JSON body of a webhook for one alert: the kind's template, else `default`, else the preset. */
export function webhookBody(alert: Alert, preset: WebhookPreset, templates: WebhookTemplates = {}): string {
  const template = templates[alert.kind] ?? templates.default;
  if (template !== undefined) return fillTemplate(template, alert);
  const text = alertText(alert);
  switch (preset) {
    case 'slack':
      return JSON.stringify({ text });
    case 'discord':
      return JSON.stringify({
        content: text.length > DISCORD_LIMIT ? `${text.slice(0, DISCORD_LIMIT - 1)}…` : text,
      });
    case 'generic':
      return JSON.stringify({ source: 'dalio-lite', ...alert, subject: alertSubject(alert), text });
  }
}
