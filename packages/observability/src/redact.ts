/** What replaces a secret in logs and alerts. */
export const REDACTED = '***';

/** Field names whose values are secrets wherever they appear (headers, options, error details). */
export const SECRET_FIELD_PATTERN =
  /secret|passw(or)?d|token|authori[sz]ation|api[-_]?key|key[-_]?id|cookie|credential|smtp[-_]?url|webhook[-_]?url|ping[-_]?url/i;

/** Secrets shorter than this are not searched for in text (they would match ordinary words). */
const MIN_SECRET_LENGTH = 8;

/** Removes secrets from what is about to be logged or sent. */
export interface Redactor {
  /** Replace every known secret value, its JSON-escaped form, and URL passwords in a piece of text. */
  scrubText(text: string): string;
  /** A copy with the values of secret-named fields replaced and every string scrubbed. */
  scrubValue<T>(value: T): T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Create a redactor for the given secret values (API keys, tokens, webhook and SMTP URLs); nulls are skipped. */
export function createRedactor(secrets: readonly (string | null | undefined)[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  const pattern =
    forms.size === 0
      ? null
      : new RegExp(
          [...forms]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'g',
        );
  const scrubText = (text: string): string => {
    const withoutSecrets = pattern ? text.replace(pattern, REDACTED) : text;
    // user:password@host in any URL, e.g. an SMTP or proxy URL inside an error message.
    return withoutSecrets.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"]+:)[^\s@/"]+@/gi, `$1${REDACTED}@`);
  };
  const scrubValue = <T>(value: T): T => scrub(value, scrubText, new WeakSet()) as T;
  return { scrubText, scrubValue };
}

function scrub(value: unknown, scrubText: (text: string) => string, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, scrubText, seen));
  const source =
    value instanceof Error
      ? {
          ...value,
          name: value.name,
          message: value.message,
          stack: value.stack,
          ...(value.cause === undefined ? {} : { cause: value.cause }),
        }
      : (value as Record<string, unknown>);
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(source)) {
    copy[key] =
      SECRET_FIELD_PATTERN.test(key) && field !== null && field !== undefined
        ? REDACTED
        : scrub(field, scrubText, seen);
  }
  return copy;
}
