import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AllocationChoice, ConfigError, loadConfig } from '@dalio-lite/config';
import { createRebalanceHistory } from '@dalio-lite/state';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyAllocation } from './apply-allocation.ts';

const env = { HOME: '/nonexistent' };
const now = () => new Date('2025-10-01T12:00:00.000Z');
let dir: string;

const CONFIG = `# my settings
broker:
  kind: simulator  # fake money

allocation:
  # the original mix
  preset: dalio-lite

# alert me
risk:
  maxWeightPct: 60
paths:
  stateDir: ./state
`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dalio-apply-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(text: string | null) {
  if (text !== null) writeFileSync(join(dir, 'dalio.yaml'), text, { mode: 0o640 });
  const config = loadConfig({ env: { ...env, DALIO_STATE_DIR: join(dir, 'state') }, cwd: dir });
  const history = createRebalanceHistory({ stateDir: config.paths.stateDir });
  const apply = (choice: AllocationChoice, by = 'alice') =>
    applyAllocation({ config, choice, by, env, cwd: dir, history, now });
  return { config, history, apply };
}

describe('applyAllocation', () => {
  it('writes the new weights through the config schema, keeps the old file as a backup and records who and when', async () => {
    const { history, apply } = setup(CONFIG);
    const outcome = await apply({ targetsPct: { VTI: 50, TLT: 30, GLD: 20 } });
    const path = join(dir, 'dalio.yaml');
    const backupPath = `${path}.2025-10-01T12-00-00-000Z.bak`;
    expect(outcome).toEqual({
      kind: 'applied',
      n: 1,
      change: {
        kind: 'allocation-changed',
        at: '2025-10-01T12:00:00.000Z',
        by: 'alice',
        from: { preset: 'dalio-lite', targets: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 } },
        to: { preset: 'custom', targets: { VTI: 0.5, TLT: 0.3, GLD: 0.2 } },
        configPath: path,
        backupPath,
      },
    });
    expect(readFileSync(backupPath, 'utf8')).toBe(CONFIG);
    const written = readFileSync(path, 'utf8');
    for (const comment of ['# my settings', '# fake money', '# alert me']) expect(written).toContain(comment);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    const reloaded = loadConfig({ env, cwd: dir });
    expect(reloaded.allocation).toEqual({ preset: 'custom', targets: { VTI: 0.5, TLT: 0.3, GLD: 0.2 } });
    expect(reloaded.risk.maxWeight).toBe(0.6);
    expect(await history.readEvents()).toEqual([
      { n: 1, event: outcome.kind === 'applied' && outcome.change },
    ]);
  });

  it('refuses an allocation the rest of the config contradicts, leaving the file as it was', async () => {
    const { history, apply } = setup(CONFIG);
    const attempt = apply({ targetsPct: { VTI: 70, TLT: 30 } });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/risk\.maxWeightPct: 60 is below the largest target \(VTI 70 %\)/);
    expect(readFileSync(join(dir, 'dalio.yaml'), 'utf8')).toBe(CONFIG);
    expect(readdirSync(dir).filter((name) => name.endsWith('.bak'))).toEqual([]);
    expect(await history.readEvents()).toEqual([]);
  });

  it('does nothing when the config already holds that allocation', async () => {
    const { history, apply } = setup(CONFIG);
    const outcome = await apply({ preset: 'dalio-lite' });
    expect(outcome.kind).toBe('unchanged');
    expect(await history.readEvents()).toEqual([]);
  });

  it('with no config file yet, creates one that keeps the simulator the defaults chose', async () => {
    const { config, apply } = setup(null);
    expect(config.broker.kind).toBe('simulator');
    const outcome = await apply({ preset: 'permanent' }, 'bob');
    expect(outcome).toMatchObject({ kind: 'applied', change: { backupPath: null, by: 'bob' } });
    expect(existsSync(join(dir, 'dalio.yaml'))).toBe(true);
    const reloaded = loadConfig({ env, cwd: dir });
    expect(reloaded.broker.kind).toBe('simulator');
    expect(reloaded.allocation.preset).toBe('permanent');
  });
});
