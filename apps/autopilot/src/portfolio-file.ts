import { readFile } from 'node:fs/promises';
import { didYouMean } from '@dalio-lite/config';
import type { PortfolioSnapshot } from '@dalio-lite/core';
import { z } from 'zod';
import { CliError } from './cli-error.ts';

const symbol = z.string().regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'must be an upper-case ticker such as VTI');
const money = z.number().finite().nonnegative();
const price = z.number().finite().positive();

const portfolioSchema = z.strictObject({
  cashUsd: money,
  positions: z.array(
    z.strictObject({ symbol, qty: z.number().finite().nonnegative(), priceUsd: price.optional() }),
  ),
  pricesUsd: z.record(symbol, price).optional(),
  lastRebalance: z.iso.date().nullable().optional(),
});

const pricesRecord = z.record(symbol, price);
const datedPricesSchema = z.strictObject({ asOf: z.iso.date().optional(), pricesUsd: pricesRecord });

/** What `dalio plan --portfolio FILE` reads: holdings, cash, optional prices and the last rebalance day. */
export interface PortfolioFile {
  snapshot: PortfolioSnapshot;
  lastRebalanceDay: string | null;
}

/** Read and validate a portfolio file, merging prices from an optional prices file. */
export async function readPortfolioFile(
  portfolioPath: string,
  pricesPath: string | undefined,
): Promise<PortfolioFile> {
  const portfolio = parseWith(
    portfolioSchema,
    await readJson(portfolioPath, '--portfolio'),
    portfolioPath,
    'portfolio',
  );
  const extraPrices = pricesPath ? parsePrices(await readJson(pricesPath, '--prices'), pricesPath) : {};
  const pricesUsd = { ...portfolio.pricesUsd, ...extraPrices };
  const holdings = portfolio.positions.map((position) => {
    const priceUsd = extraPrices[position.symbol] ?? position.priceUsd ?? pricesUsd[position.symbol];
    if (priceUsd === undefined) {
      throw new CliError(
        `${portfolioPath}: no price for ${position.symbol}, add "priceUsd" to the position or pass --prices FILE`,
      );
    }
    return { symbol: position.symbol, qty: position.qty, priceUsd };
  });
  return {
    snapshot: { cashUsd: portfolio.cashUsd, holdings, pricesUsd },
    lastRebalanceDay: portfolio.lastRebalance ?? null,
  };
}

/** A prices file: `{"VTI": 301.2, ...}`, or `{"asOf": "...", "pricesUsd": {...}}`. */
function parsePrices(value: unknown, path: string): Record<string, number> {
  const dated = typeof value === 'object' && value !== null && 'pricesUsd' in value;
  return dated
    ? parseWith(datedPricesSchema, value, path, 'prices').pricesUsd
    : parseWith(pricesRecord, value, path, 'prices');
}

async function readJson(path: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}, check the path`,
      { cause: error },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${path}: not valid JSON (${(error as Error).message}), see apps/autopilot/examples/portfolio.json`,
      { cause: error },
    );
  }
}

/**
 * Parse with a schema; the first problem becomes one line naming the key, the value and the fix. An unknown
 * key is reported before what it leaves missing (`"cash"` before "cashUsd is missing").
 */
function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string, kind: 'portfolio' | 'prices'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const issue = issues[0];
  if (!issue) throw new CliError(`${path}: not a valid file, see apps/autopilot/examples/portfolio.json`);
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new CliError(`${path}: ${where}${describeIssue(issue, value, kind)}`);
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown, kind: 'portfolio' | 'prices'): string {
  if (issue.code === 'unrecognized_keys') {
    const [key = ''] = issue.keys;
    const known = knownKeysAt(issue.path, kind);
    return `"${key}" is not a key of this file${didYouMean(key, known)}; the keys are ${known.join(', ')}`;
  }
  const value = valueAt(root, issue.path);
  if (value === undefined) return 'missing; add it (see apps/autopilot/examples/portfolio.json)';
  const last = issue.path.at(-1);
  const isPrice =
    issue.code !== 'invalid_key' &&
    (last === 'priceUsd' ||
      issue.path.at(-2) === 'pricesUsd' ||
      (kind === 'prices' && issue.path.length === 1));
  if (isPrice)
    return `${JSON.stringify(value)} is not a price, use a positive number of dollars such as 301.25`;
  return `${issue.message} (got ${JSON.stringify(value)})`;
}

function knownKeysAt(path: readonly PropertyKey[], kind: 'portfolio' | 'prices'): string[] {
  if (kind === 'prices') return Object.keys(datedPricesSchema.shape);
  if (path[0] === 'positions') return ['symbol', 'qty', 'priceUsd'];
  return Object.keys(portfolioSchema.shape);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
