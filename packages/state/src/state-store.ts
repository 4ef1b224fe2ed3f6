import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  readCheckedFile,
  reject,
  type VerifiedFile,
  type VersionedSchema,
  writeCheckedFile,
} from './checked-json-file.ts';
import { syncDirectory } from './durable-write.ts';
import { errnoCode, StateCorruptError } from './errors.ts';
import { asStateDirError, STATE_FILE_MODE } from './safe-path.ts';
import { openStateDir, type StateDirOptions } from './state-dir.ts';
import { ignoreStateEvents } from './state-events.ts';
import { STATE_SCHEMA } from './state-migrations.ts';
import { createStateQuarantine } from './state-quarantine.ts';
import { initialStatePayload, type StatePayload } from './state-schema.ts';
import { createStateUpdateLock, type StateUpdateLock } from './state-update-lock.ts';

/** File name of the engine state. */
export const STATE_FILE = 'state.json';
/** File name of the highest `seq` ever written, used to detect a replaced older `state.json`. */
export const SEQ_MARKER_FILE = 'state.seq.json';

/** The verified state as read or written. */
export type LoadedState = VerifiedFile<StatePayload>;

/** Options of the state store; `now` also times how long the update lock is held (keep it the wall clock). */
export interface StateStoreOptions extends StateDirOptions {
  /**
   * Stale time of the update lock (default `STATE_UPDATE_LOCK_CONFIG.staleMs`, clamped to ≥ 2 s); every
   * process writing one directory must use the same value.
   */
  staleMs?: number;
  /**
   * Serialises the updates instead of `<stateDir>/state.update.lock`: the deterministic simulation passes its
   * in-memory lock (its file system is simulated too). Products pass nothing.
   */
  updateLock?: StateUpdateLock;
}

/**
 * Reads and writes `state.json`; every read is verified and lock-free, every write durable with a strictly
 * higher `seq` and serialised across processes by `<stateDir>/state.update.lock`.
 */
export interface StateStore {
  readonly statePath: string;
  /** The short-lived lock every write holds; left behind by a writer killed mid-update until it goes stale. */
  readonly updateLockPath: string;
  /**
   * The verified state, or null when this directory never held any. Throws `StateCorruptError` otherwise — and
   * keeps throwing (`quarantined`) after anything was quarantined, until `acceptRestoredState` or `reset`.
   */
  load(): Promise<LoadedState | null>;
  /**
   * Prepare the directory and prove this user can write in it (a probe file created and removed): a
   * `StateDirError` naming the directory and the fix otherwise. Long-running commands check this first.
   */
  checkWritable(): Promise<void>;
  /** Write `payload` as the first state unless one exists (another process may have just created it); returns what is there. */
  initialize(payload: StatePayload): Promise<LoadedState>;
  /**
   * Load (or start from the initial payload), apply `change`, and write the result with the next `seq`,
   * atomically across processes: no concurrent `update` (halt, resume, engine, dashboard) can be lost between
   * the read and the write. `change` must be pure, it runs under the lock. Throws `LockError` (`busy`) when a
   * live holder keeps the lock past the retry budget, or (`compromised`, nothing written) when this writer
   * stalled so long that another one may have taken over.
   */
  update(change: (current: StatePayload) => StatePayload): Promise<LoadedState>;
  /** Write `payload` as the next state (under the same lock as `update`). */
  save(payload: StatePayload): Promise<LoadedState>;
  /**
   * Run `fn` holding the update lock, so no state write can happen meanwhile: a backup's consistent snapshot, a
   * restore's file swap. `fn` must not call the store's writing methods (the lock is not re-entrant).
   */
  withUpdateLock<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * After a restore from backup: verify the file on disk, accept its (older) `seq` as the new high mark and
   * lift a quarantine.
   */
  acceptRestoredState(): Promise<LoadedState>;
  /**
   * The explicit, confirmed way out of a quarantine without a backup: any current `state.json` is moved aside
   * (never deleted), `payload` becomes the state above every `seq` seen, and the quarantine is lifted.
   */
  reset(payload: StatePayload): Promise<LoadedState>;
}

const markerSchema: VersionedSchema<{ highestSeq: number }> = {
  version: 1,
  schema: z.object({ highestSeq: z.number().int().nonnegative() }),
  migrations: [],
};

/** Create the store for `<stateDir>/state.json`; any process may write, with or without the rebalance lock. */
export function createStateStore(options: StateStoreOptions): StateStore {
  const { staleMs, updateLock: injectedLock, ...dirOptions } = options;
  const dir = openStateDir(dirOptions);
  const { context } = dir;
  const updateLock =
    injectedLock ??
    createStateUpdateLock({
      dir,
      onEvent: options.onEvent ?? ignoreStateEvents,
      ...(staleMs === undefined ? {} : { staleMs }),
    });
  const statePath = dir.path(STATE_FILE);
  const markerPath = dir.path(SEQ_MARKER_FILE);
  const quarantine = createStateQuarantine(dir);
  // A failed verification of either file is on record before the file is moved aside, so no later load can
  // mistake the emptied directory for one that never held state.
  const readContext = { ...context, beforeQuarantine: quarantine.record };
  // The marker's own writes get distinct crash-point names from the state write.
  const markerContext = {
    ...context,
    onStep: (name: string) => context.onStep?.(`seq-marker:${name}`),
  };

  const readHighestSeq = async (): Promise<number> =>
    (await readCheckedFile(markerPath, markerSchema, readContext))?.payload.highestSeq ?? 0;

  const writeMarker = async (highestSeq: number): Promise<void> => {
    await context.onStep?.('before-seq-marker-write');
    await writeCheckedFile(markerPath, markerSchema, { highestSeq }, highestSeq, markerContext);
  };

  const load = async (): Promise<LoadedState | null> => {
    await dir.ready();
    await quarantine.assertClear(statePath);
    const highestSeq = await readHighestSeq();
    const state = await readCheckedFile(statePath, STATE_SCHEMA, readContext);
    if (state === null) {
      if (highestSeq === 0) return null;
      const message = `${statePath} is missing but seq ${highestSeq} was written before: restore it from a backup`;
      throw new StateCorruptError('missing', statePath, null, message);
    }
    if (state.seq < highestSeq) {
      const message = `seq ${state.seq} is lower than ${highestSeq} already written (an older file replaced it)`;
      return reject(statePath, 'rollback', message, readContext);
    }
    return state;
  };

  /** The highest seq on record, reading past a marker that does not verify (a reset must go above it). */
  const highestSeqForReset = async (): Promise<number> => {
    try {
      return (await readCheckedFile(markerPath, markerSchema, context))?.payload.highestSeq ?? 0;
    } catch (error) {
      if (error instanceof StateCorruptError) return 0;
      throw error;
    }
  };

  const update = (change: (current: StatePayload) => StatePayload): Promise<LoadedState> =>
    updateLock.run(async (guard) => {
      const current = await load();
      const seq = Math.max(current?.seq ?? 0, await readHighestSeq()) + 1;
      const next = change(current?.payload ?? initialStatePayload());
      guard.assertHeld();
      const written = await writeCheckedFile(statePath, STATE_SCHEMA, next, seq, context);
      await writeMarker(seq);
      return written;
    });

  return {
    statePath,
    updateLockPath: updateLock.lockPath,
    async checkWritable() {
      await dir.ready();
      // Named like a durable write's temp file, so a probe left by a killed process is swept as an orphan.
      const probe = dir.path(`.write-probe.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      await asStateDirError(dir.root, 'write', async () => {
        await (await context.fs.open(probe, 'wx', STATE_FILE_MODE)).close();
        await context.fs.unlink(probe);
      });
    },
    load,
    update,
    save: (payload) => update(() => payload),
    withUpdateLock: (fn) => updateLock.run(() => fn()),
    initialize: (payload) =>
      updateLock.run(async (guard) => {
        const current = await load();
        if (current) return current;
        const seq = (await readHighestSeq()) + 1;
        guard.assertHeld();
        const written = await writeCheckedFile(statePath, STATE_SCHEMA, payload, seq, context);
        await writeMarker(seq);
        return written;
      }),
    acceptRestoredState: () =>
      updateLock.run(async (guard) => {
        const state = await readCheckedFile(statePath, STATE_SCHEMA, readContext);
        if (state === null)
          throw new StateCorruptError('missing', statePath, null, `${statePath} does not exist`);
        guard.assertHeld();
        await writeMarker(state.seq);
        await quarantine.clear();
        return state;
      }),
    reset: (payload) =>
      updateLock.run(async (guard) => {
        await dir.ready();
        const stamp = context.now().toISOString().replace(/[:.]/g, '-');
        try {
          await context.fs.rename(statePath, `${statePath}.reset-${stamp}`);
          await syncDirectory(context.fs, dir.root);
        } catch (error) {
          if (errnoCode(error) !== 'ENOENT') throw error;
        }
        const seq = (await highestSeqForReset()) + 1;
        guard.assertHeld();
        const written = await writeCheckedFile(statePath, STATE_SCHEMA, payload, seq, context);
        await writeMarker(seq);
        await quarantine.clear();
        return written;
      }),
  };
}
