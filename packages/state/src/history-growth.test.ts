import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleAllocationChange as change, sampleHistoryEntry } from '../test/history-fixtures.ts';
import { parseHistory } from './history-lines.ts';
import { createRebalanceHistory } from './rebalance-history.ts';

let stateDir: string;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'dalio-history-growth-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

type Step = { kind: 'cycle' | 'event' | 'torn' | 'blank' } | { kind: 'damage' | 'restore'; at: number };

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** What one long-lived history instance must read: exactly what a fresh parse of the whole file finds. */
function wholeFile(path: string) {
  const parsed = parseHistory(read(path));
  return {
    records: [...parsed.records].sort((a, b) => a.n - b.n),
    events: [...parsed.events].sort((a, b) => a.n - b.n),
    skipped: parsed.skipped,
  };
}

describe('rebalance history read again after changes', () => {
  it('reads what a fresh whole-file parse reads after appends, crashes, damage and restores', async () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constantFrom('cycle' as const, 'event' as const, 'torn' as const, 'blank' as const),
      }),
      fc.record({ kind: fc.constantFrom('damage' as const, 'restore' as const), at: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const history = createRebalanceHistory({ stateDir: mkdtempSync(join(stateDir, 'run-')) });
        const path = history.path;
        let cycles = 0;
        for (const current of steps) {
          if (current.kind === 'cycle') {
            cycles += 1;
            await history.append(sampleHistoryEntry(cycles));
          } else if (current.kind === 'event') await history.appendEvent(change);
          else {
            const text = read(path);
            const lines = text.split('\n');
            if (current.kind === 'torn') appendFileSync(path, '{"n":99,"sha256":"cut');
            if (current.kind === 'blank') appendFileSync(path, '\n');
            if (current.kind === 'damage' && text.length > 0) {
              // Same length, one byte changed in place: only comparing the bytes notices it.
              const index = current.at % text.length;
              const swapped = text[index] === 'a' ? 'b' : 'a';
              writeFileSync(path, `${text.slice(0, index)}${swapped}${text.slice(index + 1)}`);
            }
            if (current.kind === 'restore' && text.length > 0) {
              const kept = lines.slice(0, current.at % lines.length).join('\n');
              writeFileSync(`${path}.restore`, kept.length > 0 ? `${kept}\n` : '');
              renameSync(`${path}.restore`, path);
            }
          }
          const expected = wholeFile(path);
          const { records, skipped } = await history.readAll();
          expect({ records, skipped }).toEqual({ records: expected.records, skipped: expected.skipped });
          expect(await history.readEvents()).toEqual(expected.events);
        }
      }),
      { numRuns: 40 },
    );
  });
});
