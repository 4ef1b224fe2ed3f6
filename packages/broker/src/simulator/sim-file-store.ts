import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CorruptionKind,
  decodeEnvelope,
  encodeEnvelope,
  type Fs,
  nodeFs,
  STATE_DIR_MODE,
  StateCorruptError,
  writeFileDurably,
} from '@dalio-lite/state';
import type { z } from 'zod';
import { type SimState, type SimStore, simStateSchema } from './sim-state.ts';

/** The file, inside the data directory, that holds the simulator's state. */
export const SIM_STATE_FILE = 'simulator-state.json';

/** Schema version in the envelope of the state file; a newer one is refused, never misread. */
const SIM_STATE_SCHEMA_VERSION = 1;

/** Options of the file store; the defaults are the real file system and clock. */
export interface FileSimStoreOptions {
  /** File system for writes (tests inject ENOSPC or EIO); the one read at start-up uses node:fs directly. */
  fs?: Fs;
  /** Wall time for the envelope's `writtenAt`; the simulator's own clock may be simulated. */
  now?: () => Date;
}

/**
 * Keep simulator state in `<dir>/simulator-state.json`: a checksummed envelope written with the state package's
 * durable write (temp file, fsync, rename, directory fsync). Saves coalesce; `flush` waits for them to be durable.
 */
export function createFileSimStore(dir: string, options: FileSimStoreOptions = {}): SimStore {
  const file = join(dir, SIM_STATE_FILE);
  const fs = options.fs ?? nodeFs;
  const now = options.now ?? (() => new Date());
  let latest: SimState | null = null;
  let dirReady = false;
  const writer = createCoalescedWriter(async () => {
    if (latest === null) return;
    // Serialise before the first await: the write holds the state as of its start, and later saves queue again.
    const text = encodeEnvelope(SIM_STATE_SCHEMA_VERSION, latest.seq, now(), latest);
    if (!dirReady) {
      await fs.mkdir(dir, { recursive: true, mode: STATE_DIR_MODE });
      dirReady = true;
    }
    await writeFileDurably(file, text, { fs });
  });
  return {
    load: () => loadSimState(file),
    save(state) {
      latest = state;
      writer.request();
    },
    flush: writer.flush,
  };
}

/**
 * Runs `write` after requests, one at a time; requests made while a write runs share the next one. `flush`
 * resolves when a write that started after every earlier request has succeeded. A failed write is retried
 * once by the flush that finds it, and that flush rejects with the error if the retry fails too.
 */
function createCoalescedWriter(write: () => Promise<void>): { request(): void; flush(): Promise<void> } {
  let requested = 0;
  let durable = 0;
  let failure: unknown = null;
  let queued = false;
  // Every link catches its own error, so the chain never rejects and no failure goes unhandled in the background.
  let chain: Promise<void> = Promise.resolve();
  const writeOnce = async () => {
    queued = false;
    const covers = requested;
    try {
      await write();
      durable = Math.max(durable, covers);
      failure = null;
    } catch (error) {
      failure = error;
    }
  };
  const enqueue = () => {
    if (queued) return;
    queued = true;
    chain = chain.then(writeOnce);
  };
  return {
    request() {
      requested += 1;
      enqueue();
    },
    async flush() {
      const target = requested;
      await chain;
      if (durable >= target) return;
      enqueue();
      await chain;
      if (durable < target) throw failure;
    },
  };
}

/** Read and verify the state file synchronously (the simulator starts synchronously); missing → null. */
function loadSimState(file: string): SimState | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StateCorruptError('unreadable', file, null, `cannot read ${file}: ${reason}`, error);
  }
  const payload = payloadOf(bytes);
  if (!payload.ok) throw refuse(file, payload.kind, payload.message);
  const result = simStateSchema.safeParse(payload.value);
  if (!result.success) throw refuse(file, 'schema', describeIssues(result.error), result.error);
  return result.data;
}

type Payload = { ok: true; value: unknown } | { ok: false; kind: CorruptionKind; message: string };

function payloadOf(bytes: Buffer): Payload {
  const decoded = decodeEnvelope(bytes);
  if (decoded.ok) {
    const { schemaVersion, payload } = decoded.envelope;
    if (schemaVersion > SIM_STATE_SCHEMA_VERSION) {
      return {
        ok: false,
        kind: 'newer-version',
        message: `schema version ${schemaVersion} is newer than ${SIM_STATE_SCHEMA_VERSION}`,
      };
    }
    return { ok: true, value: payload };
  }
  if (decoded.kind === 'schema') {
    // Files from before the envelope hold the bare state: accept it (the schema still checks it) and envelope it on the next write.
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && !('sha256' in parsed)) {
      return { ok: true, value: parsed };
    }
  }
  return decoded;
}

function refuse(file: string, kind: CorruptionKind, reason: string, cause?: unknown): StateCorruptError {
  const fix =
    kind === 'newer-version'
      ? 'upgrade Dalio Lite to read it'
      : 'restore it from a backup, or move it aside to start a fresh paper account';
  const message = `${file} is not a valid simulator state (${reason}); ${fix}`;
  return new StateCorruptError(kind, file, null, message, cause);
}

/** The first problem on one line, e.g. `orders[3].status: "filed" is not an order status (and 2 more)`. */
function describeIssues(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'the state does not match its schema';
  const path = first.path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  return `${path === '' ? 'the state' : path}: ${first.message}${more}`;
}
