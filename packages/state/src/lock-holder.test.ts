import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHolderRecord,
  currentProcess,
  HOLDER_FILE,
  type HolderRecord,
  isHolderGone,
  newHolderToken,
  type ProcessIdentity,
  type ProcessProbe,
  parseHolderRecord,
  readHolderRecord,
  startTicksFromStat,
} from './lock-holder.ts';
import { createRebalanceLock } from './rebalance-lock.ts';
import { openStateDir } from './state-dir.ts';
import { ignoreStateEvents } from './state-events.ts';
import { createStateUpdateLock } from './state-update-lock.ts';

const SELF: ProcessIdentity = {
  pid: 4242,
  hostname: 'box',
  bootId: 'boot-1',
  pidNamespace: 'pid:[4026531836]',
  processStartTicks: '777',
};
const record = (overrides: Partial<HolderRecord> = {}): HolderRecord => ({
  ...createHolderRecord(SELF, newHolderToken(), new Date('2025-09-26T15:00:00.000Z')),
  pid: 1234,
  processStartTicks: '500',
  ...overrides,
});
const probe = (alive: boolean, startTicks: string | null): ProcessProbe => ({
  isAlive: () => alive,
  startTicks: () => startTicks,
});
/** A pid that certainly ran on this host and has ended. */
const deadPid = (): number => {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('could not start a child');
  return pid;
};

describe('the holder record', () => {
  it('names the process, host, boot and start time, and nothing else', () => {
    const taken = createHolderRecord(
      currentProcess(),
      newHolderToken(),
      new Date('2025-09-26T15:00:00.000Z'),
    );
    expect(Object.keys(taken).sort()).toEqual([
      'acquiredAt',
      'bootId',
      'hostname',
      'pid',
      'pidNamespace',
      'processStartTicks',
      'token',
    ]);
    expect(taken).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      acquiredAt: '2025-09-26T15:00:00.000Z',
    });
    expect(parseHolderRecord(JSON.stringify(taken))).toEqual(taken);
  });

  it('gives each lock a different token', () => {
    expect(newHolderToken()).toMatch(/^[0-9a-f]{24}$/);
    expect(newHolderToken()).not.toBe(newHolderToken());
  });

  it.each([
    ['torn JSON', '{"pid": 12'],
    ['an empty file', ''],
    ['a missing pid', JSON.stringify({ ...record(), pid: undefined })],
    ['a bad timestamp', JSON.stringify({ ...record(), acquiredAt: 'yesterday' })],
    ['a bad token', JSON.stringify({ ...record(), token: '../../etc' })],
  ])('is not trusted when it has %s', (_, text) => {
    expect(parseHolderRecord(text)).toBeNull();
  });

  it('reads as null from a lock directory without a holder yet', async () => {
    const lockPath = mkdtempSync(join(tmpdir(), 'dalio-holder-'));
    try {
      expect(await readHolderRecord(lockPath)).toBeNull();
      writeFileSync(join(lockPath, HOLDER_FILE), JSON.stringify(record()));
      expect(await readHolderRecord(lockPath)).toMatchObject({ pid: 1234, hostname: 'box' });
    } finally {
      rmSync(lockPath, { recursive: true, force: true });
    }
  });

  it('reads the start time after a command name holding spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, index) => String(index + 3));
    fields[19] = '98765';
    expect(startTicksFromStat(`1234 (node (a) b) ${fields.join(' ')}\n`)).toBe('98765');
    expect(startTicksFromStat('garbage')).toBeNull();
  });

  it.runIf(currentProcess().processStartTicks !== null)('reads this process start time from /proc', () => {
    expect(startTicksFromStat(readFileSync('/proc/self/stat', 'utf8'))).toBe(
      currentProcess().processStartTicks,
    );
  });
});

describe('isHolderGone', () => {
  it.each([
    { case: 'its pid no longer exists', holder: record(), alive: false, ticks: null, gone: true },
    { case: 'its pid runs a process started later', holder: record(), alive: true, ticks: '900', gone: true },
    {
      case: 'it was recorded in an earlier boot',
      holder: record({ bootId: 'boot-0' }),
      alive: true,
      ticks: '500',
      gone: true,
    },
    { case: 'it still runs', holder: record(), alive: true, ticks: '500', gone: false },
    { case: 'its start time cannot be read', holder: record(), alive: true, ticks: null, gone: false },
    {
      case: 'no start time was recorded',
      holder: record({ processStartTicks: null }),
      alive: true,
      ticks: '900',
      gone: false,
    },
    {
      case: 'it is on another host',
      holder: record({ hostname: 'other' }),
      alive: false,
      ticks: null,
      gone: false,
    },
    {
      case: 'it is in another pid namespace',
      holder: record({ pidNamespace: 'pid:[1]' }),
      alive: false,
      ticks: null,
      gone: false,
    },
  ])('is $gone when $case', ({ holder, alive, ticks, gone }) => {
    expect(isHolderGone(holder, SELF, probe(alive, ticks))).toBe(gone);
  });

  it('asks the real operating system by default', () => {
    const self = currentProcess();
    expect(isHolderGone(createHolderRecord(self, newHolderToken(), new Date()))).toBe(false);
    expect(isHolderGone({ ...createHolderRecord(self, newHolderToken(), new Date()), pid: deadPid() })).toBe(
      true,
    );
  });
});

describe('a dead holder recorded on this host', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'dalio-holder-locks-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const stageDeadHolder = (lockName: string): HolderRecord => {
    const dead = { ...createHolderRecord(currentProcess(), newHolderToken(), new Date()), pid: deadPid() };
    mkdirSync(join(stateDir, lockName));
    writeFileSync(join(stateDir, lockName, HOLDER_FILE), JSON.stringify(dead));
    return dead;
  };
  // A stale time far beyond the test: only the takeover, not staleness, can free these locks.
  const staleMs = 600_000;

  it('is taken over at once by the rebalance lock', async () => {
    stageDeadHolder('rebalance.lock');
    const attempt = await createRebalanceLock({ stateDir, staleMs }).acquire({ wait: false });
    expect(attempt.kind).toBe('acquired');
    expect(await readHolderRecord(join(stateDir, 'rebalance.lock'))).toMatchObject({ pid: process.pid });
    if (attempt.kind === 'acquired') await attempt.lock.release();
  });

  it('is taken over at once by the state update lock (a writer killed mid-update)', async () => {
    const dead = stageDeadHolder('state.update.lock');
    const lock = createStateUpdateLock({
      dir: openStateDir({ stateDir }),
      onEvent: ignoreStateEvents,
      staleMs,
    });
    const holderDuringRun = await lock.run(() => readHolderRecord(lock.lockPath));
    expect(holderDuringRun).toMatchObject({ pid: process.pid });
    expect(holderDuringRun?.token).not.toBe(dead.token);
  });
});
