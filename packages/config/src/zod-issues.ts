import type * as z from 'zod';
import { didYouMean } from './did-you-mean.ts';
import { formatValue } from './format-value.ts';
import { allowedKeysAt, formatKeyPath, hintOf, schemaAt, valueAt } from './schema-walk.ts';

/** One problem found in the file: the dotted key and `<problem>, <fix>`. */
export interface KeyProblem {
  key: string | null;
  problem: string;
}

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'an empty value',
};

const API_KEY_FIX =
  'API keys do not belong in the config file, set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment or point broker.alpaca.keyFile at a file with mode 0600';

/** Keys that mean well but are wrong on purpose: secrets and derived settings, with the fix. */
function knownKeyFix(parent: string, key: string): string | null {
  const squashed = key.toLowerCase().replace(/[-_]/g, '');
  const secretWords = ['secret', 'password', 'token', 'apikey', 'keyid', 'accesskey', 'credential'];
  if (secretWords.some((word) => squashed.includes(word))) {
    if (parent.startsWith('broker')) return API_KEY_FIX;
    if (parent === 'dashboard') {
      return 'the token does not belong in the config file, set DALIO_DASHBOARD_TOKEN or point dashboard.tokenFile at a file with mode 0600';
    }
    if (parent.startsWith('backup')) {
      return 'credentials do not belong in the config file, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment';
    }
    return 'secrets do not belong in the config file, pass them in the environment';
  }
  if (parent === 'broker.alpaca' && squashed === 'paper') {
    return 'paper is derived from mode, set mode: live at the top of the file to trade real money';
  }
  if (parent === 'risk' && squashed === 'capitalcapusd')
    return 'the capital cap comes from live.tiers, set it there';
  if (parent === 'live' && (squashed === 'confirmed' || squashed === 'enabled')) {
    return 'live trading is confirmed by typing the account number at `dalio live enable --tier 1`, never in the file';
  }
  return null;
}

function unknownKey(
  issue: Extract<Issue, { code: 'unrecognized_keys' }>,
  root: z.ZodType,
  input: unknown,
): KeyProblem {
  const key = issue.keys[0] ?? '';
  const parent = formatKeyPath(issue.path);
  const path = formatKeyPath([...issue.path, key]);
  const fix = knownKeyFix(parent, key);
  if (fix !== null) return { key: path, problem: `not allowed here, ${fix}` };
  const allowed = allowedKeysAt(root, issue.path, input);
  return {
    key: path,
    problem: `unknown key, use one of ${allowed.join(', ')}${didYouMean(key, allowed)}`,
  };
}

function rangeText(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }): string {
  if (issue.minimum !== undefined)
    return `${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
  return `${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
}

function sizeProblem(issue: Issue, value: unknown, range: string | undefined): string {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return issue.message;
  const allowed = range ?? rangeText(issue as { minimum?: unknown; maximum?: unknown; inclusive?: boolean });
  if (issue.origin === 'array') {
    return Array.isArray(value) && value.length === 0
      ? 'the list is empty, add at least one entry'
      : `has ${Array.isArray(value) ? value.length : 0} entries, must have ${rangeText(issue)}`;
  }
  if (issue.origin === 'string') return 'is empty, give a value or remove the key';
  if (issue.code === 'too_small' && typeof value === 'number' && value < 0 && Number(issue.minimum) >= 0) {
    return `${value} is negative, must be ${allowed}`;
  }
  return `${formatValue(value)} is too ${issue.code === 'too_small' ? 'small' : 'large'}, must be ${allowed}`;
}

function choiceProblem(value: unknown, options: readonly unknown[], noun: string | undefined): string {
  const words = options.map(String);
  if (value === undefined) return `missing, use one of ${words.join(', ')}`;
  const hint = typeof value === 'string' ? didYouMean(value, words) : '';
  return `${formatValue(value)} is not ${noun ?? 'allowed here'}, use one of ${words.join(', ')}${hint}`;
}

/** A discriminated union whose `kind` matched no option (zod points the path at the discriminator). */
function isDiscriminatorMiss(issue: Extract<Issue, { code: 'invalid_union' }>): boolean {
  return issue.discriminator !== undefined && issue.errors.length === 0;
}

/** The branch error of a union that says more than "wrong type" (e.g. a band of -5 is out of range). */
function telling(issue: Extract<Issue, { code: 'invalid_union' }>): Issue | undefined {
  for (const branch of issue.errors) {
    const found = branch.find((inner) => inner.code !== 'invalid_type' && inner.code !== 'invalid_value');
    if (found !== undefined) return { ...found, path: [...issue.path, ...found.path] } as Issue;
  }
  return undefined;
}

function problemText(issue: Issue, root: z.ZodType, input: unknown): string {
  const path = issue.path as PathKey[];
  const value = valueAt(input, path);
  const hint = hintOf(schemaAt(root, path, input));
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.expected === 'int' && typeof value === 'number') {
        return `${value} is not a whole number, must be ${hint.range ?? 'a whole number'}`;
      }
      if (issue.expected === 'object' && value === null) {
        return 'the section is empty, add settings under it or remove the line';
      }
      const expected = hint.expected ?? TYPE_WORDS[issue.expected] ?? issue.expected;
      return value === undefined
        ? `missing, expected ${expected}`
        : `expected ${expected}, got ${formatValue(value)}`;
    }
    case 'too_small':
    case 'too_big':
      return sizeProblem(issue, value, hint.range);
    case 'invalid_value':
      return choiceProblem(value, issue.values, hint.noun);
    case 'invalid_union': {
      if (isDiscriminatorMiss(issue)) {
        const unionHint = hintOf(schemaAt(root, path.slice(0, -1), input));
        return choiceProblem(value, 'options' in issue ? (issue.options ?? []) : [], unionHint.noun);
      }
      const inner = telling(issue);
      if (inner !== undefined) return problemText(inner, root, input);
      return `expected ${hint.expected ?? 'another kind of value'}, got ${formatValue(value)}`;
    }
    case 'custom':
      return issue.message;
    default:
      return `${formatValue(value)} is not valid: ${issue.message}`;
  }
}

/** Turn one zod issue into the key it concerns and a one-line `<problem>, <fix>`. The only place zod's wording is replaced. */
export function describeIssue(issue: Issue, root: z.ZodType, input: unknown): KeyProblem {
  if (issue.code === 'unrecognized_keys') return unknownKey(issue, root, input);
  if (issue.code === 'invalid_union' && !isDiscriminatorMiss(issue)) {
    const inner = telling(issue);
    if (inner !== undefined) return describeIssue(inner, root, input);
  }
  const key = formatKeyPath(issue.path);
  return { key: key === '' ? null : key, problem: problemText(issue, root, input) };
}
