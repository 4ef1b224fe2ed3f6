import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackedUpScenario } from '../../test/backup-scenario.ts';
import type { ChildRun } from '../../test/child-processes.ts';
import { DRIFTED, type E2eScenario } from '../../test/e2e-scenario.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Report {
  outcome: string;
  code: string;
  reason: string;
  notes: string[];
}

function report(run: ChildRun): Report {
  return JSON.parse(run.stdout) as Report;
}

/** Damage the state the way a torn write does. */
async function corrupt(scenario: E2eScenario): Promise<void> {
  await writeFile(join(scenario.stateDir, 'state.json'), '{"schemaVersion":3,"seq":40,"writtenAt":"2025-');
}

describe('a corrupt state found by `dalio run`', () => {
  it('is restored from the local backups, then from S3 when those are gone, and refused with an alert when nothing verifies', async () => {
    const { scenario, s3, dalio, localBackups, alerts, stop } = await startBackedUpScenario();
    cleanups.push(stop);
    await scenario.seed(DRIFTED);
    const traded = await dalio(['run', '--json']);
    expect(traded.code, traded.stderr).toBe(0);
    const placed = await scenario.ownOrders();
    expect(placed.length).toBeGreaterThan(0);

    // 1. From the local backups.
    await corrupt(scenario);
    const fromLocal = await dalio(['run', '--json']);
    expect(fromLocal.code, fromLocal.stderr).toBe(0);
    expect(report(fromLocal)).toMatchObject({ outcome: 'hold', code: 'already-rebalanced' });
    expect(report(fromLocal).notes[0]).toMatch(
      new RegExp(
        `^the state was unreadable \\(truncated\\) and was restored from backup \\S+ \\(${localBackups}/`,
      ),
    );
    expect(await alerts()).toContainEqual(
      expect.objectContaining({ key: 'state-restored', kind: 'state-corrupt', severity: 'warning' }),
    );
    expect((await readdir(scenario.stateDir)).some((name) => name.startsWith('state.json.corrupt-'))).toBe(
      true,
    );

    // 2. From S3, the local backups lost with the disk.
    await corrupt(scenario);
    await rm(localBackups, { recursive: true });
    const fromS3 = await dalio(['run', '--json']);
    expect(fromS3.code, fromS3.stderr).toBe(0);
    expect(report(fromS3).code).toBe('already-rebalanced');
    expect(report(fromS3).notes[0]).toMatch(
      /restored from backup \S+ \(s3:\/\/dalio-backups\/dalio-lite\/paper\//,
    );

    // 3. Nothing verifies: every local archive damaged, and S3 unreachable.
    expect((await dalio(['backup', 'create'])).code).toBe(0);
    await corrupt(scenario);
    for (const account of await readdir(localBackups)) {
      for (const name of (await readdir(join(localBackups, account))).filter((n) => n.endsWith('.tar.gz'))) {
        const path = join(localBackups, account, name);
        const bytes = await readFile(path);
        bytes.writeUInt8(bytes.readUInt8(50) ^ 1, 50);
        await writeFile(path, bytes);
      }
    }
    await s3.stop();
    const refused = await dalio(['run', '--json']);
    expect(refused.code).toBe(1);
    expect(report(refused)).toMatchObject({ outcome: 'refused', code: 'state-unreadable' });
    expect(report(refused).reason).toMatch(
      /^State is unreadable \(.*\) and no backup could be restored \(.*ECONNREFUSED.*the bytes were changed.*\); refusing to trade\. Look at `dalio backup list` .* `dalio backup restore <ID> --force` .*, or start over with `dalio state reset --yes`/,
    );
    const sent = await alerts();
    expect(sent.at(-1)).toMatchObject({ key: 'cycle', kind: 'state-corrupt', severity: 'critical' });
    expect(sent.at(-1)?.title).toContain('no backup could be restored');
    // Across all three, every order of ours exists once: nothing was placed again.
    expect(await scenario.ownOrders()).toEqual(placed);
  }, 300_000);
});
