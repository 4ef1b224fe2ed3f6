import { readFile } from 'node:fs/promises';
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

const pricesSchema = z.union([
  z.strictObject({ asOf: z.iso.date().optional(), pricesUsd: z.record(symbol, price) }),
  z.record(symbol, price),
]);

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
  const portfolio = parseWith(portfolioSchema, await readJson(portfolioPath, '--portfolio'), portfolioPath);
  const extraPrices = pricesPath
    ? normalisePrices(parseWith(pricesSchema, await readJson(pricesPath, '--prices'), pricesPath))
    : {};
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

function normalisePrices(parsed: z.infer<typeof pricesSchema>): Record<string, number> {
  return 'pricesUsd' in parsed && typeof parsed.pricesUsd === 'object'
    ? (parsed.pricesUsd as Record<string, number>)
    : (parsed as Record<string, number>);
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

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new CliError(`${path}: ${key}: ${issue?.message ?? 'invalid'}`);
}
