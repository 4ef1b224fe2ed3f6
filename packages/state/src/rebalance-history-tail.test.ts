import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleAllocationChange as change, sampleHistoryEntry } from '../test/history-fixtures.ts';
import { encodeHistoryLine, parseHistory } from './history-lines.ts';
import { createRebalanceHistory, HISTORY_FILE } from './rebalance-history.ts';

let stateDir: string;
const file = () => join(stateDir, HISTORY_FILE);

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'dalio-history-tail-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

/** A cycle line; `padding` lengthens it so a file spans several of the reader's chunks. */
function cycleLine(n: number, padding = 0): string {
  const entry = sampleHistoryEntry(n);
  return encodeHistoryLine(n, { ...entry, reconciliationNotes: ['x'.repeat(padding)] });
}

/** Put a whole file in place the way a restore does: a new file renamed over the old one. */
function replaceFile(text: string): void {
  writeFileSync(`${file()}.restore`, text, { mode: 0o600 });
  renameSync(`${file()}.restore`, file());
}

type Kind = 'cycle' | 'event' | 'checksum' | 'garbage' | 'blank';

/** A history as appends, crashes and disk damage leave it: numbers grow line by line; bad lines keep theirs. */
function historyText(kinds: { kind: Kind; padding: number }[], tornTail: boolean): string {
  let n = 0;
  const lines = kinds.map(({ kind, padding }) => {
    if (kind === 'blank') return '\n';
    n += 1;
    if (kind === 'event') return encodeHistoryLine(n, change);
    if (kind === 'garbage') return `{"n":${n},"sha256":"cut short\n`;
    const line = cycleLine(n, padding);
    return kind === 'checksum' ? line.replace(`cycle-${n}"`, `cycle-X"`) : line;
  });
  const torn = tornTail ? cycleLine(n + 1, 300).slice(0, 200) : '';
  return lines.join('') + torn;
}

/** What a page was before pages were read from the end: the whole file parsed, filtered and sorted. */
function wholeFilePage(text: string, limit: number, before: number) {
  const older = parseHistory(text)
    .records.filter((record) => record.n < before)
    .sort((a, b) => b.n - a.n);
  const page = older.slice(0, limit);
  const lastOnPage = page[page.length - 1];
  return { records: page, nextBefore: older.length > page.length && lastOnPage ? lastOnPage.n : null };
}

describe('rebalance history read from its end', () => {
  it('returns the same pages as a whole-file read, torn tails, damaged lines and multi-chunk files included', async () => {
    const line = fc.record({
      kind: fc.constantFrom<Kind>('cycle', 'cycle', 'cycle', 'event', 'checksum', 'garbage', 'blank'),
      padding: fc.oneof(fc.constant(0), fc.integer({ min: 1_000, max: 40_000 })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 45 }),
        async (kinds, tornTail, limit, before) => {
          const text = historyText(kinds, tornTail);
          replaceFile(text);
          const history = createRebalanceHistory({ stateDir });
          const whole = parseHistory(text);
          for (const cursor of [Number.POSITIVE_INFINITY, before]) {
            const page = await history.readPage({ limit, before: cursor });
            expect({ records: page.records, nextBefore: page.nextBefore }).toEqual(
              wholeFilePage(text, limit, cursor),
            );
            // Only lines the page read are reported, numbered and classed as a whole-file read does.
            for (const skipped of page.skipped) expect(whole.skipped).toContainEqual(skipped);
            const tornLast = whole.skipped.find((skipped) => skipped.last);
            if (tornLast) expect(page.skipped).toContainEqual(tornLast);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('follows every page to the oldest cycle across a file of several chunks', async () => {
    replaceFile(Array.from({ length: 30 }, (_, index) => cycleLine(index + 1, 9_000)).join(''));
    const history = createRebalanceHistory({ stateDir });
    const seen: number[] = [];
    let before: number | undefined;
    do {
      const page = await history.readPage({ limit: 7, ...(before === undefined ? {} : { before }) });
      seen.push(...page.records.map((record) => record.n));
      before = page.nextBefore ?? undefined;
    } while (before !== undefined);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, index) => 30 - index));
  });

  it('numbers a damaged line near the end of a long file by its place in the whole file', async () => {
    const lines = Array.from({ length: 40 }, (_, index) => cycleLine(index + 1, 20_000));
    lines[36] = lines[36]?.replace('"cycle-37"', '"cycle-X"') ?? '';
    replaceFile(lines.join(''));
    const page = await createRebalanceHistory({ stateDir }).readPage({ limit: 5 });
    expect(page.records.map((record) => record.n)).toEqual([40, 39, 38, 36, 35]);
    expect(page.skipped).toEqual([{ lineNumber: 37, reason: 'checksum', last: false }]);
  });

  it('reads the whole file when its numbers do not fall line by line (two histories pasted together)', async () => {
    replaceFile([1, 2, 3, 1, 2].map((n) => cycleLine(n)).join(''));
    const page = await createRebalanceHistory({ stateDir }).readPage({ limit: 3 });
    expect(page.records.map((record) => record.n)).toEqual([3, 2, 2]);
    expect(page.nextBefore).toBe(2);
  });

  it('numbers and checksums an append after another process replaced the file (a restore)', async () => {
    const history = createRebalanceHistory({ stateDir });
    for (let index = 1; index <= 4; index += 1) await history.append(sampleHistoryEntry(index));

    // Restored to an older copy: the next number follows the copy, not what this process appended before.
    replaceFile([1, 2].map((n) => cycleLine(n)).join(''));
    expect((await history.append(sampleHistoryEntry(3))).n).toBe(3);

    // Restored to a longer history written elsewhere, with an event last and a torn tail after it.
    replaceFile(`${[1, 2, 3, 4, 5].map((n) => cycleLine(n)).join('')}${encodeHistoryLine(6, change)}{"n":7,`);
    expect((await history.appendEvent(change)).n).toBe(7);
    expect((await history.append(sampleHistoryEntry(8))).n).toBe(8);

    const { records, skipped } = await history.readAll();
    expect(records.map((record) => record.n)).toEqual([1, 2, 3, 4, 5, 8]);
    expect(skipped).toEqual([{ lineNumber: 7, reason: 'unparseable', last: false }]);
    expect(await history.readEvents()).toEqual([
      { n: 6, event: change },
      { n: 7, event: change },
    ]);
    expect(readFileSync(file(), 'utf8').endsWith('\n')).toBe(true);
  });
});
