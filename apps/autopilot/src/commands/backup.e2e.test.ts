import { readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { archiveKey, createLocalStore, createS3Store, sidecarKey } from '@dalio-lite/backup';
import { createStateStore } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackedUpScenario, startBackedUpScenario } from '../../test/backup-scenario.ts';
import type { ChildRun } from '../../test/child-processes.ts';
import { DRIFTED, type E2eScenario } from '../../test/e2e-scenario.ts';
import { startS3rverChild } from '../../test/s3rver-child.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A backed-up scenario, stopped after the test. */
async function backedUpScenario(): Promise<BackedUpScenario> {
  const started = await startBackedUpScenario();
  cleanups.push(() => started.stop());
  return started;
}

/** The one account directory under the local backups. */
async function accountDir(scenario: E2eScenario): Promise<string> {
  const [name] = await readdir(localBackups(scenario));
  if (!name) throw new Error('no local backups');
  return name;
}

function json<T>(run: ChildRun): T {
  return JSON.parse(run.stdout) as T;
}

/** The local backup directory of a scenario (the default: beside the state directory). */
function localBackups(scenario: E2eScenario): string {
  return join(dirname(scenario.stateDir), 'backups-paper');
}

describe('dalio backup: round trip through S3', () => {
  it('create → delete the state directory → restore from S3 only → status reads the same, and the next cycle places no duplicate order', async () => {
    const { scenario, dalio } = await backedUpScenario();
    await scenario.seed(DRIFTED);
    const run = await dalio(['run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ code: string }>(run).code).toBe('traded');
    // The cycle was backed up on its own.
    expect(
      (await readdir(join(localBackups(scenario), await accountDir(scenario)))).filter((name) =>
        name.endsWith('.tar.gz'),
      ),
    ).toHaveLength(1);
    const created = await dalio(['backup', 'create']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(
      /off-site +stored and verified in s3:\/\/dalio-backups\/dalio-lite\/paper\/[\w-]+\//,
    );
    const statusBefore = await dalio(['status', '--json']);
    const ordersBefore = await scenario.ownOrders();
    expect(ordersBefore.length).toBeGreaterThan(0);

    await rm(scenario.stateDir, { recursive: true });
    await rm(localBackups(scenario), { recursive: true });
    const restored = await dalio(['backup', 'restore', 'latest', '--from', 's3']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored backup \d{8}T\d{6}Z-s\d+-[0-9a-f]{6}:/);
    expect(restored.stdout).toContain('from s3://dalio-backups/');
    expect(restored.stdout).toContain('The broker shows no order of ours placed after the backup.');

    const statusAfter = await dalio(['status', '--json']);
    expect(statusAfter.code).toBe(0);
    expect(JSON.parse(statusAfter.stdout)).toEqual(JSON.parse(statusBefore.stdout));

    const again = await dalio(['run', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(json<{ code: string }>(again).code).toBe('already-rebalanced');
    await scenario.setClock('2025-03-04T10:00:00-05:00');
    const nextDay = await dalio(['run', '--json', '--force']);
    expect(nextDay.code, nextDay.stderr).toBe(0);
    const ordersAfter = await scenario.ownOrders();
    const ids = ordersAfter.map((order) => order.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ordersAfter.filter((order) => order.clientOrderId.startsWith('dl-20250303'))).toEqual(
      ordersBefore,
    );
  }, 180_000);
});

describe('dalio backup: a restore older than orders at the broker', () => {
  it('adopts the orders placed after the backup by client order id; the next cycle places nothing twice', async () => {
    const { scenario, s3, dalio } = await backedUpScenario();
    await scenario.seed(DRIFTED);
    const first = await dalio(['run']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // The next day drifts again; the cycle is killed after its sells: no backup knows them.
    await scenario.setClock('2025-04-07T10:00:00-04:00');
    await scenario.seed({ VTI: 40_000 });
    const killed = await scenario.dalio(['run'], { ...s3.env, DALIO_CRASH_AT: 'after-sells-terminal' });
    expect(killed.signal).toBe('SIGKILL');
    const sells = (await scenario.ownOrders()).filter((order) =>
      order.clientOrderId.startsWith('dl-20250407'),
    );
    expect(sells.length).toBeGreaterThan(0);
    expect(sells.every((order) => order.side === 'sell')).toBe(true);
    await writeFile(join(scenario.stateDir, 'state.json'), '{"schemaVersion":3,"seq":12,"torn');

    const restored = await dalio(['backup', 'restore', 'latest']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(
      /Adopted from the broker: 2025-04-07: adopted \d+ orders placed after the backup from the broker by client order id \(dl-20250407-a0-/,
    );

    const next = await dalio(['run', '--json']);
    expect(next.code, next.stderr).toBe(0);
    const ids = (await scenario.ownOrders()).map((order) => order.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    const sellsAfter = (await scenario.ownOrders()).filter(
      (o) => o.clientOrderId.startsWith('dl-20250407') && o.side === 'sell',
    );
    expect(sellsAfter.map((o) => o.clientOrderId).sort()).toEqual(sells.map((o) => o.clientOrderId).sort());
    const state = await createStateStore({ stateDir: scenario.stateDir }).load();
    expect(state?.payload.days['2025-04-07']?.status).not.toBe('intent');
  }, 240_000);
});

describe('dalio backup: damaged backups', () => {
  it('a flipped byte, a truncated upload and another account are named by verify and refused by restore', async () => {
    const { scenario, s3, dalio } = await backedUpScenario();
    await scenario.seed(DRIFTED);
    const first = await dalio(['run']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const account = await accountDir(scenario);
    const [archive] = (await readdir(join(localBackups(scenario), account))).filter((name) =>
      name.endsWith('.tar.gz'),
    );
    const id = archive?.replace('.tar.gz', '') ?? '';
    const local = createLocalStore(join(localBackups(scenario), account));
    const bytes = await local.get(archiveKey(id));
    if (!bytes) throw new Error('no local archive');
    bytes.writeUInt8(bytes.readUInt8(100) ^ 1, 100);
    await local.put(archiveKey(id), bytes);
    const remote = createS3Store({
      bucket: s3.bucket,
      prefix: `dalio-lite/paper/${account}/`,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      serverSideEncryption: 'none',
      kmsKeyId: null,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const uploaded = await remote.get(archiveKey(id));
    await remote.put(archiveKey(id), uploaded?.subarray(0, 200) ?? Buffer.alloc(0));

    const flipped = await dalio(['backup', 'verify', id, '--read-data', '--from', 'local']);
    expect(flipped.code).toBe(1);
    expect(flipped.stderr).toMatch(
      /^dalio: backup \S+ in \S+: the archive's sha256 is .* \(the bytes were changed\); it cannot be restored; use another backup .*\n$/,
    );
    const truncated = await dalio(['backup', 'verify', '--from', 's3']);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toMatch(
      /FAIL +s3 +\S+ +.*the archive is 200 bytes, its record says \d+ \(a truncated upload\)/,
    );
    const refused = await dalio(['backup', 'restore', id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^dalio: backup \S+ in .*the bytes were changed.*\n$/);

    // Another account's backup, put where this account's are.
    const record = JSON.parse((await local.get(sidecarKey(id)))?.toString('utf8') ?? '{}') as {
      account: { accountId: string };
    };
    record.account.accountId = 'SOMEONE-ELSE';
    await local.put(sidecarKey(id), Buffer.from(JSON.stringify(record)));
    const wrong = await dalio(['backup', 'restore', id, '--from', 'local']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /belongs to alpaca-paper account SOMEONE-ELSE, not alpaca-paper account \S+; a state is never restored onto another account/,
    );
  }, 240_000);
});

describe('dalio backup: drill, health, metrics and prune', () => {
  it('a drill restores the newest backup of each store and becomes the "last verified restore"', async () => {
    const { scenario, dalio } = await backedUpScenario();
    await scenario.seed(DRIFTED);
    const first = await dalio(['run']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const drill = await dalio(['backup', 'drill', '--json']);
    expect(drill.code, drill.stderr).toBe(0);
    const record = JSON.parse(drill.stdout) as {
      ok: boolean;
      results: { store: string; ok: boolean; details: string[] }[];
    };
    expect(record.ok).toBe(true);
    expect(record.results.map((r) => [r.store, r.ok])).toEqual([
      ['local', true],
      ['s3', true],
    ]);
    expect(record.results[1]?.details.join('\n')).toMatch(
      /loaded state seq \d+[\s\S]*the broker account is the backup's[\s\S]*every recent order of ours at the broker is in the backup/,
    );

    const health = await dalio(['health', '--json']);
    const backups = (
      JSON.parse(health.stdout) as { checks: { name: string; status: string; reason: string }[] }
    ).checks.find((c) => c.name === 'backups');
    expect(backups).toMatchObject({ status: 'ok' });
    expect(backups?.reason).toMatch(
      /newest local backup .*verified.*newest off-site backup.*last verified restore \d{4}-/,
    );
    const metrics = await dalio(['metrics']);
    expect(metrics.stdout).toMatch(/^dalio_backup_last_verified_restore_timestamp_seconds \d+/m);
    expect(metrics.stdout).toMatch(/^dalio_backup_last_success_timestamp_seconds\{store="s3"\} \d+/m);

    const prune = await dalio(['backup', 'prune', '--dry-run']);
    expect(prune.code).toBe(0);
    expect(prune.stdout).toMatch(/Local: [\s\S]*keep +\S+ +\(last 1, daily .*newest verified\)/);
  }, 240_000);
});

describe('dalio backup: an S3 outage during a cycle', () => {
  it('the cycle commits, the upload is queued, alerted and counted, and the next backup uploads it', async () => {
    const { scenario, s3, dalio, alerts } = await backedUpScenario();
    await scenario.seed(DRIFTED);
    await s3.stop();

    const run = await dalio(['run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ code: string }>(run).code).toBe('traded');
    expect(await alerts()).toContainEqual(
      expect.objectContaining({
        key: 'backup',
        severity: 'warning',
        title: 'The off-site backup upload failed; 1 upload(s) wait for a retry',
      }),
    );
    const metrics = await dalio(['metrics']);
    expect(metrics.stdout).toMatch(/^dalio_backup_failures_total\{store="s3"\} 1$/m);
    expect(metrics.stdout).toMatch(/^dalio_backup_pending_uploads 1$/m);

    const back = await startS3rverChild(s3.bucket, s3.port);
    cleanups.push(() => back.stop());
    const created = await dalio(['backup', 'create', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(json<{ offsite: { kind: string } }>(created).offsite.kind).toBe('stored');
    const listed = json<{ store: string; backups: unknown[] }[]>(await dalio(['backup', 'list', '--json']));
    expect(listed.map((listing) => [listing.store, listing.backups.length])).toEqual([
      ['local', 2],
      ['s3', 2],
    ]);
  }, 240_000);
});
