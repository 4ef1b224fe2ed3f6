import * as z from 'zod';
import { formatValue } from './format-value.ts';

/** What the error messages say a field accepts; attached to schemas with `.meta()`. */
export interface FieldHint {
  /** `a number between 0 and 100` — completes "expected …". */
  expected?: string;
  /** `between 0 and 100` — completes "must be …". */
  range?: string;
  /** `a preset` — completes `"x" is not …` for a choice. */
  noun?: string;
}

/** A section of the file: unknown keys are errors, and a missing section gets every default. */
export function section<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const object = z.strictObject(shape);
  // Every field of a section has a default, so an empty mapping is valid input.
  return object.prefault({} as z.input<typeof object>);
}

interface NumberBounds {
  min: number;
  max?: number;
  int?: boolean;
}

/** A number within bounds (inclusive), optionally whole. */
export function boundedNumber({ min, max, int = false }: NumberBounds) {
  const range = max === undefined ? `${min} or more` : `between ${min} and ${max}`;
  const kind = int ? 'a whole number' : 'a number';
  let schema = z.number().min(min);
  if (max !== undefined) schema = schema.max(max);
  if (int) schema = schema.int();
  return schema.meta({ expected: `${kind} ${range}`, range } satisfies FieldHint);
}

/** A percentage as humans write it (`5` = 5 %), resolved to a fraction (0.05). */
export function percentAsFraction(bounds: NumberBounds, defaultPct: number) {
  return boundedNumber(bounds)
    .default(defaultPct)
    .transform((pct) => pct / 100);
}

/** A band in percent that `off`, `false` or null disables; resolves to a fraction or null. */
export function bandPercent(defaultPct: number | null) {
  return z
    .union([boundedNumber({ min: 0, max: 100 }), z.literal('off'), z.literal(false), z.null()])
    .meta({ expected: 'a number between 0 and 100, or off', range: 'between 0 and 100' } satisfies FieldHint)
    .default(defaultPct)
    .transform((pct) => (typeof pct === 'number' ? pct / 100 : null));
}

/** A dollar amount, or null/off for "no limit". */
export function optionalLimit(hint: string) {
  return z
    .union([z.number().positive(), z.literal('off'), z.literal(false), z.null()])
    .meta({ expected: hint, range: 'greater than 0' } satisfies FieldHint)
    .default(null)
    .transform((value) => (typeof value === 'number' ? value : null));
}

/** A percentage limit, or null/off for "no limit"; resolves to a fraction or null. */
export function optionalPercentLimit(max: number) {
  return z
    .union([z.number().positive().max(max), z.literal('off'), z.literal(false), z.null()])
    .meta({
      expected: `a percentage above 0 and at most ${max}, or off`,
      range: `above 0 and at most ${max}`,
    })
    .default(null)
    .transform((value) => (typeof value === 'number' ? value / 100 : null));
}

/** One of a fixed list of words; the noun names the list in errors (`"x" is not a preset`). */
export function choice<const Values extends readonly [string, ...string[]]>(values: Values, noun: string) {
  return z.enum(values).meta({ noun } satisfies FieldHint);
}

/** A non-empty string, or null. */
export function optionalText(expected = 'a non-empty string') {
  return z
    .string()
    .min(1)
    .nullable()
    .default(null)
    .meta({ expected } satisfies FieldHint);
}

/** A file path (relative to the config file's directory), or null. */
export function optionalPath() {
  return optionalText('a file path');
}

/** True when `text` is an absolute http or https URL. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An http(s) URL. */
export function httpUrl() {
  return z
    .string()
    .refine(isHttpUrl, {
      error: (issue) =>
        `${formatValue(issue.input)} is not an http(s) URL, use e.g. https://example.com/path`,
    })
    .meta({ expected: 'an http(s) URL' } satisfies FieldHint);
}

/** An http(s) URL, or null. */
export function optionalHttpUrl() {
  return httpUrl().nullable().default(null);
}

/** The name of an environment variable that holds a secret. */
export function envVarName() {
  return z
    .string()
    .refine((name) => /^[A-Z_][A-Z0-9_]*$/.test(name), {
      error: (issue) =>
        `${formatValue(issue.input)} is not an environment variable name, use upper-case letters, digits and _ (e.g. DALIO_SMTP_URL)`,
    })
    .meta({ expected: 'an environment variable name' } satisfies FieldHint);
}
