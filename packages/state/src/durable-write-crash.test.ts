import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../test/child-process.ts';
import { DURABLE_WRITE_STEPS } from './crash-points.ts';

const OLD = JSON.stringify({ seq: 1, who: 'old' });
const NEW = JSON.stringify({ seq: 2, who: 'new', pad: 'n'.repeat(100_000) });
const RENAMED = new Set(['after-rename-before-dir-fsync', 'after-dir-fsync']);

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dalio-crash-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeFileDurably killed with SIGKILL at each named step', () => {
  it.each([...DURABLE_WRITE_STEPS])(
    'at %s leaves exactly the old or the new file, never a torn one',
    async (step) => {
      const dir = join(root, step);
      const target = join(dir, 'state.json');
      const source = join(root, `${step}.new`);
      rmSync(dir, { recursive: true, force: true });
      writeFileSync(source, NEW);
      mkdirSync(dir, { recursive: true });
      writeFileSync(target, OLD);

      const result = await runScript('crash-write-child.ts', [target, source], { CRASH_AT: step });

      expect(result.signal).toBe('SIGKILL');
      expect(result.stdout).toBe('');
      expect(readFileSync(target, 'utf8')).toBe(RENAMED.has(step) ? NEW : OLD);
    },
  );

  it('completes when no crash point matches', async () => {
    const target = join(root, 'complete.json');
    const source = join(root, 'complete.new');
    writeFileSync(source, NEW);
    writeFileSync(target, OLD);
    const result = await runScript('crash-write-child.ts', [target, source], { CRASH_AT: 'nowhere' });
    expect(result).toMatchObject({ code: 0, stdout: 'done\n' });
    expect(readFileSync(target, 'utf8')).toBe(NEW);
  });
});
